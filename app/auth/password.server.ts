/**
 * Passwords: scrypt (memory-hard, in node:crypto) with a per-user random salt. The parameters
 * are stored with the hash — `scrypt$ln=15,r=8,p=1$<salt>$<hash>` — so they can be raised later
 * and old hashes still verify (and are upgraded at the next sign-in, see passwordNeedsRehash).
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Bilingual } from '../../oversight/bilingual';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

/**
 * N = 2^15, r = 8: 32 MiB and roughly 100 ms per hash on one core — OWASP's scrypt minimum is
 * N = 2^17 at r = 8, p = 1; we take 2^15 because the dashboard shares a 2-core machine with
 * DuckDB and the login rate limit bounds how many hashes an attacker can make us compute.
 */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Bounds on stored parameters, so a tampered hash cannot make verification allocate gigabytes. */
const LIMITS = { ln: [10, 17], r: [1, 16], p: [1, 4] } as const;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that at our default.
    maxmem: 256 * N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const HASH_FORMAT = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** The parts of a stored hash, or null when it is not one of ours or out of bounds. */
export function parsePasswordHash(stored: string): ParsedHash | null {
  const m = HASH_FORMAT.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const name of ['ln', 'r', 'p'] as const) {
    const [low, high] = LIMITS[name];
    if (params[name] < low || params[name] > high) return null;
  }
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { params, salt, key };
}

/** Whether the password matches the stored hash; compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with weaker parameters than today's: rehash at sign-in. */
export function passwordNeedsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT) {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return true;
  return parsed.params.ln < params.ln || parsed.params.r < params.r || parsed.params.p < params.p;
}

let dummy: Promise<string> | null = null;

/**
 * A hash of nothing anyone knows, verified against when the username does not exist, so a
 * wrong name takes as long as a wrong password and timing does not reveal which names exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64'));
  return dummy;
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Passwords people pick that pass a length rule anyway. */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiop12',
  'qwertyuiop123',
  '1qaz2wsx3edc',
  '1q2w3e4r5t6y',
  'abcdefghijkl',
  'iloveyou1234',
  'admin1234567',
  'administrator',
  'woaini1314520',
  'aa123456789012',
]);

export type PasswordCheck = { ok: true } | ({ ok: false } & Bilingual);

/**
 * NIST SP 800-63B's rule rather than composition rules: long enough, not a known common one,
 * not the username, not one character or a keyboard run repeated.
 */
export function checkPasswordStrength(password: string, username?: string): PasswordCheck {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      ok: false,
      zh: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
      en: `the password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return {
      ok: false,
      zh: `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`,
      en: `the password may have at most ${MAX_PASSWORD_LENGTH} characters`,
    };
  }
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) {
    return {
      ok: false,
      zh: '密码不能包含用户名',
      en: 'the password must not contain the username',
    };
  }
  if (COMMON.has(lower) || new Set(password).size < 5 || /^(.{1,4}?)\1+$/s.test(password)) {
    return {
      ok: false,
      zh: '密码太常见或太有规律，请换一个更难猜的',
      en: 'the password is too common or too regular; choose one that is harder to guess',
    };
  }
  return { ok: true };
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random password people can type: four groups of five, about 115 bits. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
