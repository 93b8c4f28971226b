/**
 * The two ways a request carries a user: a browser session (cookie) and an API token (Bearer).
 * Both are looked up by the SHA-256 of the secret the client holds, so a copy of the database
 * does not let anyone sign in. Times are epoch milliseconds in and out.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

/** A session or token together with the user it signs in as. */
export interface CredentialOwner {
  userId: number;
  username: string;
  role: string;
  districtCodes: string[];
  disabled: boolean;
}

export interface SessionRow extends CredentialOwner {
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface NewSession {
  idHash: string;
  userId: number;
  now: number;
  /** The absolute end of the session. */
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Executor, s: NewSession): Promise<void> {
  await db.run(sql`
    INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
    VALUES (${s.idHash}, ${s.userId}, epoch_ms(${s.now}::BIGINT), epoch_ms(${s.now}::BIGINT),
            epoch_ms(${s.expiresAt}::BIGINT), ${s.ip}, ${s.userAgent})`);
}

const OWNER_COLUMNS = sql`u.user_id AS "userId", u.username, u.role,
  u.district_codes AS "districtCodes", u.disabled`;

/** The session with this id hash and its user, whatever its age (expiry is the caller's rule). */
export async function findSession(db: Executor, idHash: string): Promise<SessionRow | null> {
  const [row] = await db.all<SessionRow>(sql`
    SELECT s.id_hash AS "idHash", ${OWNER_COLUMNS},
           epoch_ms(s.created_at)::DOUBLE AS "createdAt",
           epoch_ms(s.last_seen_at)::DOUBLE AS "lastSeenAt",
           epoch_ms(s.expires_at)::DOUBLE AS "expiresAt"
    FROM sessions s JOIN users u USING (user_id)
    WHERE s.id_hash = ${idHash}`);
  return row ?? null;
}

/** Moves the idle clock of a session forward. */
export async function touchSession(db: Executor, idHash: string, now: number): Promise<void> {
  await db.run(
    sql`UPDATE sessions SET last_seen_at = epoch_ms(${now}::BIGINT) WHERE id_hash = ${idHash}`,
  );
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.run(sql`DELETE FROM sessions WHERE id_hash = ${idHash}`);
}

/** Ends every session of a user (password changed, user disabled); returns how many. */
export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<number> {
  const rows = await db.all<{ idHash: string }>(
    sql`DELETE FROM sessions WHERE user_id = ${userId} RETURNING id_hash AS "idHash"`,
  );
  return rows.length;
}

/** Removes sessions past their absolute end or idle for longer than idleMs. */
export async function deleteExpiredSessions(
  db: Executor,
  now: number,
  idleMs: number,
): Promise<number> {
  const rows = await db.all<{ idHash: string }>(sql`
    DELETE FROM sessions
    WHERE expires_at <= epoch_ms(${now}::BIGINT)
       OR last_seen_at <= epoch_ms(${now - idleMs}::BIGINT)
    RETURNING id_hash AS "idHash"`);
  return rows.length;
}

/* --- API tokens ------------------------------------------------------------------------- */

export interface TokenRow extends CredentialOwner {
  tokenId: string;
  lastUsedAt: number | null;
}

export interface TokenSummary {
  tokenId: string;
  username: string;
  /** 'YYYY-MM-DD HH:MM:SS', UTC. */
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function insertApiToken(
  db: Executor,
  t: { tokenId: string; tokenHash: string; userId: number; now: number; createdBy: string },
): Promise<void> {
  await db.run(sql`
    INSERT INTO api_tokens (token_id, token_hash, user_id, created_at, created_by)
    VALUES (${t.tokenId}, ${t.tokenHash}, ${t.userId}, epoch_ms(${t.now}::BIGINT), ${t.createdBy})`);
}

/** The live (not revoked) token with this hash and its user. */
export async function findApiToken(db: Executor, tokenHash: string): Promise<TokenRow | null> {
  const [row] = await db.all<TokenRow>(sql`
    SELECT t.token_id AS "tokenId", ${OWNER_COLUMNS},
           epoch_ms(t.last_used_at)::DOUBLE AS "lastUsedAt"
    FROM api_tokens t JOIN users u USING (user_id)
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL`);
  return row ?? null;
}

export async function touchApiToken(db: Executor, tokenId: string, now: number): Promise<void> {
  await db.run(
    sql`UPDATE api_tokens SET last_used_at = epoch_ms(${now}::BIGINT) WHERE token_id = ${tokenId}`,
  );
}

/** Revokes one token; false when there is no live token with that id. */
export async function revokeApiToken(db: Executor, tokenId: string, now: number): Promise<boolean> {
  const rows = await db.all<{ tokenId: string }>(sql`
    UPDATE api_tokens SET revoked_at = epoch_ms(${now}::BIGINT)
    WHERE token_id = ${tokenId} AND revoked_at IS NULL
    RETURNING token_id AS "tokenId"`);
  return rows.length > 0;
}

/** Revokes every live token of a user; returns the revoked ids. */
export async function revokeTokensOfUser(
  db: Executor,
  userId: number,
  now: number,
): Promise<string[]> {
  const rows = await db.all<{ tokenId: string }>(sql`
    UPDATE api_tokens SET revoked_at = epoch_ms(${now}::BIGINT)
    WHERE user_id = ${userId} AND revoked_at IS NULL
    RETURNING token_id AS "tokenId"`);
  return rows.map((r) => r.tokenId).sort();
}

/** Tokens, newest first; of one user when userId is given. */
export async function listApiTokens(db: Executor, userId?: number): Promise<TokenSummary[]> {
  return db.all<TokenSummary>(sql`
    SELECT t.token_id AS "tokenId", u.username,
           strftime(t.created_at, '%Y-%m-%d %H:%M:%S') AS "createdAt",
           t.created_by AS "createdBy",
           strftime(t.last_used_at, '%Y-%m-%d %H:%M:%S') AS "lastUsedAt",
           strftime(t.revoked_at, '%Y-%m-%d %H:%M:%S') AS "revokedAt"
    FROM api_tokens t JOIN users u USING (user_id)
    WHERE ${userId === undefined ? sql`true` : sql`t.user_id = ${userId}`}
    ORDER BY t.created_at DESC, t.token_id`);
}
