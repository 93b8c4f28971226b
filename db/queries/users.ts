/**
 * Users: who may sign in, with which role and districts. Times travel as epoch milliseconds
 * (`epoch_ms`), so the session and lock-out rules above db/ compare plain numbers.
 *
 * Roles are plain strings here (db/ imports nothing from app/); the migration's CHECK keeps
 * them to the five known ones and app/auth/roles.ts gives them meaning.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

export interface UserRecord {
  userId: number;
  username: string;
  role: string;
  districtCodes: string[];
  passwordHash: string;
  disabled: boolean;
}

export interface UserSummary {
  userId: number;
  username: string;
  role: string;
  districtCodes: string[];
  disabled: boolean;
  /** 'YYYY-MM-DD HH:MM:SS', UTC. */
  createdAt: string;
  lastLoginAt: string | null;
  activeTokens: number;
}

const USER_COLUMNS = sql`user_id AS "userId", username, role, district_codes AS "districtCodes",
  password_hash AS "passwordHash", disabled`;

export interface NewUser {
  username: string;
  role: string;
  districtCodes: readonly string[];
  passwordHash: string;
  /** Epoch milliseconds. */
  now: number;
}

/** Adds a user and returns its id. The username must be free (see findUserByUsername). */
export async function insertUser(db: Executor, user: NewUser): Promise<number> {
  const [row] = await db.all<{ userId: number }>(sql`
    INSERT INTO users (username, role, district_codes, password_hash, disabled, created_at, updated_at)
    VALUES (${user.username}, ${user.role}, ${sql.param([...user.districtCodes])},
            ${user.passwordHash}, false, epoch_ms(${user.now}::BIGINT), epoch_ms(${user.now}::BIGINT))
    RETURNING user_id AS "userId"`);
  if (!row) throw new Error(`inserting user ${user.username} returned no id`);
  return row.userId;
}

export async function findUserByUsername(
  db: Executor,
  username: string,
): Promise<UserRecord | null> {
  const [row] = await db.all<UserRecord>(
    sql`SELECT ${USER_COLUMNS} FROM users WHERE username = ${username}`,
  );
  return row ?? null;
}

export async function findUserById(db: Executor, userId: number): Promise<UserRecord | null> {
  const [row] = await db.all<UserRecord>(
    sql`SELECT ${USER_COLUMNS} FROM users WHERE user_id = ${userId}`,
  );
  return row ?? null;
}

/** Every user with how many live API tokens they hold, for `npm run user -- list`. */
export async function listUsers(db: Executor): Promise<UserSummary[]> {
  return db.all<UserSummary>(sql`
    SELECT u.user_id AS "userId", u.username, u.role, u.district_codes AS "districtCodes",
           u.disabled,
           strftime(u.created_at, '%Y-%m-%d %H:%M:%S') AS "createdAt",
           strftime(u.last_login_at, '%Y-%m-%d %H:%M:%S') AS "lastLoginAt",
           (SELECT count(*) FROM api_tokens t
            WHERE t.user_id = u.user_id AND t.revoked_at IS NULL)::INTEGER AS "activeTokens"
    FROM users u ORDER BY u.username`);
}

export async function updatePasswordHash(
  db: Executor,
  userId: number,
  passwordHash: string,
  now: number,
): Promise<void> {
  await db.run(sql`
    UPDATE users SET password_hash = ${passwordHash}, updated_at = epoch_ms(${now}::BIGINT)
    WHERE user_id = ${userId}`);
}

export async function setUserDisabled(
  db: Executor,
  userId: number,
  disabled: boolean,
  now: number,
): Promise<void> {
  await db.run(sql`
    UPDATE users SET disabled = ${disabled}, updated_at = epoch_ms(${now}::BIGINT)
    WHERE user_id = ${userId}`);
}

export async function recordLogin(db: Executor, userId: number, now: number): Promise<void> {
  await db.run(
    sql`UPDATE users SET last_login_at = epoch_ms(${now}::BIGINT) WHERE user_id = ${userId}`,
  );
}

/** The codes that are not in the district registry (a user's districts must all exist). */
export async function findUnknownDistrictCodes(
  db: Executor,
  codes: readonly string[],
): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.all<{ code: string }>(sql`
    SELECT code FROM (SELECT unnest(${sql.param([...codes])}) AS code)
    WHERE code NOT IN (SELECT district_code FROM districts)
    ORDER BY code`);
  return rows.map((r) => r.code);
}
