/**
 * Passwords are stored as scrypt hashes with their salt and parameters, verify in constant
 * time, survive a change of default parameters, and weak ones are refused in both languages.
 */
import { describe, expect, it } from 'vitest';
import {
  checkPasswordStrength,
  DEFAULT_SCRYPT,
  generatePassword,
  hashPassword,
  parsePasswordHash,
  passwordNeedsRehash,
  verifyPassword,
} from '../../app/auth/password.server';

const HAN = /\p{Script=Han}/u;
/** Cheap parameters where a test makes many hashes; the format is the same. */
const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('store the algorithm, parameters, salt and key — never the password', async () => {
    const stored = await hashPassword('grey-heron-harbin-2020');
    expect(stored).toMatch(/^scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('heron');
    const parsed = parsePasswordHash(stored);
    expect(parsed?.params).toEqual(DEFAULT_SCRYPT);
    expect(parsed?.salt.length).toBe(16);
    expect(parsed?.key.length).toBe(32);
  });

  it('use a fresh salt every time, so equal passwords give different hashes', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same words', FAST),
      hashPassword('same words', FAST),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same words', a)).toBe(true);
    expect(await verifyPassword('same words', b)).toBe(true);
  });

  it.each([
    { case: 'the right password', given: 'Songhua river 1998', ok: true },
    { case: 'one letter off', given: 'Songhua river 1999', ok: false },
    { case: 'different case', given: 'songhua river 1998', ok: false },
    { case: 'empty', given: '', ok: false },
    // NFKC: a full-width digit typed on a Chinese keyboard is the same password.
    { case: 'the same with full-width digits', given: 'Songhua river １９９８', ok: true },
  ])('verify $case → $ok', async ({ given, ok }) => {
    const stored = await hashPassword('Songhua river 1998', FAST);
    expect(await verifyPassword(given, stored)).toBe(ok);
  });

  it.each([
    { case: 'not ours', stored: 'plaintext-password' },
    { case: 'bcrypt', stored: '$2b$10$abcdefghijklmnopqrstuuJ8V1G3Pz4u1vS0P2bq3QvB1lQ9Y6' },
    {
      case: 'cost out of bounds',
      stored: 'scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    },
    { case: 'empty', stored: '' },
  ])('a stored value that is $case never verifies', async ({ stored }) => {
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  it('hashes made with weaker parameters are flagged for rehash at the next sign-in', async () => {
    expect(passwordNeedsRehash(await hashPassword('x'.repeat(12), FAST))).toBe(true);
    expect(passwordNeedsRehash(await hashPassword('x'.repeat(12)))).toBe(false);
    expect(passwordNeedsRehash('garbage')).toBe(true);
  });
});

describe('password strength', () => {
  it.each([
    { case: 'eleven characters', password: 'abcdefgh123', username: 'leader', ok: false },
    { case: 'a long phrase', password: 'window 3 closes at noon', username: 'leader', ok: true },
    {
      case: 'a Chinese phrase',
      password: '松花江畔的冰雪大世界很冷',
      username: 'leader',
      ok: true,
    },
    { case: 'the username inside', password: 'daoli-officer-2020', username: 'daoli', ok: false },
    { case: 'a common one', password: 'password1234', username: 'leader', ok: false },
    { case: 'one character repeated', password: 'aaaaaaaaaaaaaaaa', username: 'leader', ok: false },
    { case: 'a short run repeated', password: 'abcabcabcabcabc', username: 'leader', ok: false },
    { case: 'too long', password: 'x1y2'.repeat(80), username: 'leader', ok: false },
  ])('$case → $ok', ({ password, username, ok }) => {
    const check = checkPasswordStrength(password, username);
    expect(check.ok).toBe(ok);
    if (!check.ok) {
      expect(check.zh).toMatch(HAN);
      expect(check.en).toMatch(/[a-z]{4,}/);
    }
  });

  it('generated passwords pass the check and differ', () => {
    const passwords = Array.from({ length: 20 }, generatePassword);
    expect(new Set(passwords).size).toBe(20);
    for (const p of passwords) {
      expect(p).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
      expect(checkPasswordStrength(p, 'admin').ok).toBe(true);
    }
  });
});
