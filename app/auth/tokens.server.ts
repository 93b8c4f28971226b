/**
 * Random secrets and their hashes: session ids, API tokens. Only hashes are stored; SHA-256 is
 * the right hash here (not scrypt) because the secrets are 32 random bytes — nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import { findApiToken, insertApiToken, touchApiToken } from '../../db/queries/sessions';
import { viewerOf, type Viewer } from './viewer.server';

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** API tokens start with this, so a leaked one is recognisable in logs and secret scanners. */
export const TOKEN_PREFIX = 'ovs_';
/** Public token ids start with this; usernames may not (see checkUsername). */
export const TOKEN_ID_PREFIX = 'tk_';

const TOKEN_FORMAT = /^ovs_[A-Za-z0-9_-]{43}$/;

/** Creates a token for the user; returns the token (shown once) and its public id. */
export async function createApiToken(
  db: Executor,
  userId: number,
  createdBy: string,
  now = Date.now(),
): Promise<{ tokenId: string; token: string }> {
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const tokenId = `${TOKEN_ID_PREFIX}${randomBytes(6).toString('hex')}`;
  await insertApiToken(db, { tokenId, tokenHash: sha256Hex(token), userId, now, createdBy });
  return { tokenId, token };
}

/** How often a token's last-used time is written: once a minute is enough to audit, and cheap. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The viewer a Bearer token signs in as, or null: unknown, revoked, malformed, or its user is
 * disabled. The viewer carries the user's role and scope as they are now, not as they were
 * when the token was issued.
 */
export async function viewerOfApiToken(
  db: Executor,
  token: string,
  now = Date.now(),
): Promise<Viewer | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const row = await findApiToken(db, sha256Hex(token));
  if (!row) return null;
  const viewer = viewerOf(row, 'token');
  if (viewer && (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS)) {
    await touchApiToken(db, row.tokenId, now).catch(ignoreWriteConflict);
  }
  return viewer;
}

/**
 * DuckDB refuses the second of two concurrent updates of one row ("Conflict on tuple"). For
 * last-seen and last-used times the other request wrote the same moment, so losing is harmless;
 * any other error is rethrown.
 */
export function ignoreWriteConflict(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  if (/conflict/i.test(message)) return;
  throw e;
}
