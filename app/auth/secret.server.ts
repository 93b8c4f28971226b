/**
 * The session secret: the HMAC key of CSRF tokens and the login form's cookie. A default or
 * guessable one would let anyone mint a valid CSRF token, so outside demo mode the server
 * refuses to start without a strong SESSION_SECRET; in demo mode a random one is generated
 * once per data folder and kept beside the database.
 *
 * The key lives on globalThis under a registered symbol because server.ts (run by tsx) sets it
 * and the Remix build (bundled by Vite) reads it: two copies of this module, one process.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bilingual } from '../../oversight/bilingual';

/** The least a secret must carry: 32 random bytes, as the issue asks. */
export const MIN_SECRET_BITS = 256;

/** Words that mark a secret copied from an example rather than generated. */
const PLACEHOLDER_WORDS = [
  'changeme',
  'change-me',
  'change_me',
  'secret',
  'example',
  'placeholder',
  'default',
  'password',
  'replace',
  'insecure',
  'notsecure',
];

export type SecretCheck = { ok: true } | ({ ok: false } & Bilingual);

/**
 * An estimate of how many bits a secret carries: its length times the bits of the alphabet it
 * draws from (hex digits 4, base64 6, mixed printable ~6.6). Generous to real random strings and
 * harsh on words; together with the placeholder and repetition checks it refuses what people
 * actually paste ("changeme", "secret123", a short hex string).
 */
export function estimateSecretBits(secret: string): number {
  if (/^[0-9a-f]+$/i.test(secret)) return secret.length * 4;
  let pool = 0;
  if (/[a-z]/.test(secret)) pool += 26;
  if (/[A-Z]/.test(secret)) pool += 26;
  if (/[0-9]/.test(secret)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) pool += 33;
  return pool === 0 ? 0 : secret.length * Math.log2(pool);
}

/** Whether a SESSION_SECRET is strong enough to serve with; the reason in both languages if not. */
export function checkSessionSecret(secret: string | undefined): SecretCheck {
  const howTo = "node -e \"console.log(require('node:crypto').randomBytes(32).toString('hex'))\"";
  if (!secret || secret.trim() === '') {
    return {
      ok: false,
      zh: `未设置 SESSION_SECRET。请生成一个随机密钥（至少 32 字节）并设为环境变量，例如：${howTo}；演示时可设 OVERSIGHT_DEMO=1。`,
      en: `SESSION_SECRET is not set. Generate a random secret of at least 32 bytes and set it, e.g. ${howTo}; for a demo set OVERSIGHT_DEMO=1.`,
    };
  }
  const lower = secret.toLowerCase();
  const word = PLACEHOLDER_WORDS.find((w) => lower.includes(w));
  if (word) {
    return {
      ok: false,
      zh: `SESSION_SECRET 看起来是示例占位值（含 "${word}"），请改用随机生成的密钥：${howTo}`,
      en: `SESSION_SECRET looks like a placeholder (it contains "${word}"); use a randomly generated one: ${howTo}`,
    };
  }
  const repeated = /^(.{1,16}?)\1+$/s.test(secret);
  const distinct = new Set(secret).size;
  const bits = estimateSecretBits(secret);
  if (repeated || distinct < 10 || bits < MIN_SECRET_BITS) {
    return {
      ok: false,
      zh: `SESSION_SECRET 太弱（约 ${Math.floor(bits)} 位，需要至少 ${MIN_SECRET_BITS} 位随机性，例如 64 个十六进制字符）。请生成：${howTo}`,
      en: `SESSION_SECRET is too weak (about ${Math.floor(bits)} bits; at least ${MIN_SECRET_BITS} random bits are needed, e.g. 64 hex characters). Generate one: ${howTo}`,
    };
  }
  return { ok: true };
}

/** The server cannot start: the message says why and what to do, in both languages. */
export class SessionSecretError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'SessionSecretError';
  }
}

export interface SecretConfig {
  SESSION_SECRET?: string | undefined;
  OVERSIGHT_DEMO: boolean;
  DATABASE_PATH: string;
}

/** Where demo mode keeps its generated secret: beside the database, readable by its owner only. */
export function demoSecretPath(databasePath: string): string {
  return join(dirname(databasePath), '.session-secret');
}

function demoSecret(databasePath: string): Buffer {
  // An in-memory database has no folder to keep a secret in; a fresh one per start is fine.
  if (databasePath === ':memory:') return randomBytes(32);
  const path = demoSecretPath(databasePath);
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'utf8');
  }
  mkdirSync(dirname(path), { recursive: true });
  const text = randomBytes(32).toString('hex');
  writeFileSync(path, `${text}\n`, { mode: 0o600 });
  return Buffer.from(text, 'utf8');
}

/**
 * The key to serve with: SESSION_SECRET when it is strong; in demo mode without one, the data
 * folder's generated secret. Throws SessionSecretError otherwise — including a weak secret in
 * demo mode, because a weak key that was set on purpose is a mistake worth stopping for.
 */
export function resolveSessionSecret(config: SecretConfig): Buffer {
  const given = config.SESSION_SECRET;
  if (given !== undefined && given.trim() !== '') {
    const check = checkSessionSecret(given);
    if (!check.ok) throw new SessionSecretError(check.zh, check.en);
    return Buffer.from(given, 'utf8');
  }
  if (config.OVERSIGHT_DEMO) return demoSecret(config.DATABASE_PATH);
  const check = checkSessionSecret(given);
  if (check.ok) throw new Error('unreachable: an empty secret passed the check');
  throw new SessionSecretError(check.zh, check.en);
}

const KEY = Symbol.for('fangguanfu.oversight.sessionSecret');
type Holder = { [KEY]?: Buffer };

/** Installs the key for this process (server start, tests). */
export function setSessionSecret(secret: Buffer | undefined): void {
  (globalThis as Holder)[KEY] = secret;
}

export function sessionSecret(): Buffer {
  const secret = (globalThis as Holder)[KEY];
  if (!secret) {
    throw new Error(
      'the session secret is not configured: start the app with `npm start` (server.ts calls setSessionSecret)',
    );
  }
  return secret;
}

/**
 * HMAC-SHA256 of a value for one purpose, base64url. The purpose is part of the input so a
 * MAC made for one use (the login form) is never valid for another (a session's CSRF token).
 */
export function signFor(purpose: string, value: string): string {
  return createHmac('sha256', sessionSecret()).update(`${purpose}\0${value}`).digest('base64url');
}
