/**
 * The server refuses to start without a strong session secret outside demo mode; in demo mode
 * it keeps a generated one beside the database. (server.ts calls resolveSessionSecret first
 * and exits with its message.)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../db/env';
import {
  checkSessionSecret,
  demoSecretPath,
  resolveSessionSecret,
  SessionSecretError,
} from '../../app/auth/secret.server';
import { tempDir } from '../helpers/db';

const HAN = /\p{Script=Han}/u;

/** The configuration a server started with these variables would have. */
const envWith = (vars: Record<string, string>) => readEnv({ NODE_ENV: 'test', ...vars });

describe('checkSessionSecret', () => {
  it.each([
    { case: 'missing', secret: undefined, ok: false },
    { case: 'empty', secret: '', ok: false },
    { case: 'blank', secret: '    ', ok: false },
    {
      case: 'a README placeholder',
      secret: 'change-me-to-a-long-random-string-please-0123456789',
      ok: false,
    },
    {
      case: '"secret" padded out',
      secret: 'my-super-secret-session-key-for-the-dashboard-2020',
      ok: false,
    },
    { case: '16 random bytes in hex', secret: randomBytes(16).toString('hex'), ok: false },
    { case: 'one character repeated', secret: 'x'.repeat(80), ok: false },
    { case: 'a short pattern repeated', secret: 'Ab3$'.repeat(20), ok: false },
    { case: '32 random bytes in hex', secret: randomBytes(32).toString('hex'), ok: true },
    { case: '32 random bytes in base64', secret: randomBytes(32).toString('base64'), ok: true },
    {
      case: '48 random bytes in base64url',
      secret: randomBytes(48).toString('base64url'),
      ok: true,
    },
  ])('$case → $ok', ({ secret, ok }) => {
    const check = checkSessionSecret(secret);
    expect(check.ok).toBe(ok);
    if (!check.ok) {
      expect(check.zh).toMatch(HAN);
      expect(check.en).toMatch(/SESSION_SECRET/);
    }
  });
});

describe('resolveSessionSecret', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('outside demo mode, no secret stops the server with a message saying what to do', () => {
    const config = envWith({ DATABASE_PATH: '/tmp/x/oversight.duckdb' });
    expect(config.OVERSIGHT_DEMO).toBe(false);
    expect(() => resolveSessionSecret(config)).toThrow(SessionSecretError);
    try {
      resolveSessionSecret(config);
    } catch (e) {
      const error = e as SessionSecretError;
      expect(error.zh).toMatch(HAN);
      expect(error.en).toContain('OVERSIGHT_DEMO=1');
      expect(error.en).toContain('randomBytes(32)');
    }
  });

  it('a weak secret stops the server even in demo mode: it was set on purpose, and wrongly', () => {
    const config = envWith({ SESSION_SECRET: 'changeme', OVERSIGHT_DEMO: '1' });
    expect(() => resolveSessionSecret(config)).toThrow(SessionSecretError);
  });

  it('a strong secret is used as given', () => {
    const secret = randomBytes(32).toString('hex');
    const key = resolveSessionSecret(envWith({ SESSION_SECRET: secret }));
    expect(key.toString('utf8')).toBe(secret);
  });

  it('in demo mode without a secret, one is generated once per data folder, owner-only', () => {
    const temp = tempDir('secret-');
    cleanup = temp.cleanup;
    const config = envWith({
      OVERSIGHT_DEMO: '1',
      DATABASE_PATH: join(temp.dir, 'data', 'oversight.duckdb'),
    });
    const first = resolveSessionSecret(config);
    const path = demoSecretPath(config.DATABASE_PATH);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(checkSessionSecret(readFileSync(path, 'utf8').trim()).ok).toBe(true);
    // The same folder gives the same secret, so a demo restart keeps its sessions valid.
    expect(resolveSessionSecret(config).equals(first)).toBe(true);
  });
});
