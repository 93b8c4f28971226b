/**
 * Managing accounts: the rules the CLI (`npm run user`) and the demo go through. Each change
 * is written together with its audit entry in one transaction, so there is no change without a
 * record. Expected refusals are AccountErrors carrying both languages.
 */
import type { Db } from '../../db/client';
import { recordAudit } from '../../db/queries/audit';
import {
  deleteSessionsOfUser,
  revokeApiToken,
  revokeTokensOfUser,
} from '../../db/queries/sessions';
import {
  findUnknownDistrictCodes,
  findUserByUsername,
  insertUser,
  setUserDisabled,
  updatePasswordHash,
  type UserRecord,
} from '../../db/queries/users';
import { ROLE_NAMES, type Role } from './roles';
import type { Actor } from './audit.server';
import { checkPasswordStrength, hashPassword } from './password.server';
import { createApiToken, TOKEN_ID_PREFIX } from './tokens.server';
import type { Bilingual } from '../../oversight/bilingual';

export class AccountError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'AccountError';
  }
}

/** One spelling per account: NFKC (full-width letters become ASCII), trimmed, lower case. */
export function normaliseUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{1,63}$/u;

export function checkUsername(name: string): { ok: true } | ({ ok: false } & Bilingual) {
  if (!USERNAME.test(name)) {
    return {
      ok: false,
      zh: `用户名"${name}"无效：2–64 个字母、数字、"."、"_"或"-"，以字母或数字开头`,
      en: `invalid username "${name}": 2–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    };
  }
  if (name.startsWith(TOKEN_ID_PREFIX)) {
    // Token ids start with tk_, and `revoke-token` takes either: keep the two apart.
    return {
      ok: false,
      zh: `用户名不能以"${TOKEN_ID_PREFIX}"开头`,
      en: `a username may not start with "${TOKEN_ID_PREFIX}"`,
    };
  }
  return { ok: true };
}

async function requireUser(db: Db, username: string): Promise<UserRecord> {
  const user = await findUserByUsername(db, normaliseUsername(username));
  if (!user) throw new AccountError(`没有用户"${username}"`, `there is no user "${username}"`);
  return user;
}

function requireStrong(password: string, username: string): void {
  const check = checkPasswordStrength(password, username);
  if (!check.ok) throw new AccountError(check.zh, check.en);
}

export interface NewAccount {
  username: string;
  role: Role;
  districtCodes: readonly string[];
  password: string;
}

/**
 * Adds a user. A district officer needs at least one district, and every code must be in the
 * registry; city-wide roles take none (a district on a leader's account would mean nothing and
 * suggest a limit that is not there).
 */
export async function addUser(
  db: Db,
  account: NewAccount,
  actor: Actor,
  now = Date.now(),
): Promise<number> {
  const username = normaliseUsername(account.username);
  const name = checkUsername(username);
  if (!name.ok) throw new AccountError(name.zh, name.en);
  const codes = [...new Set(account.districtCodes.map((c) => c.trim()))].sort();
  if (account.role === 'district_officer' && codes.length === 0) {
    throw new AccountError(
      '区县专员至少需要一个区县：--district <区划代码>',
      'a district officer needs at least one district: --district <code>',
    );
  }
  if (account.role !== 'district_officer' && codes.length > 0) {
    const role = ROLE_NAMES[account.role];
    throw new AccountError(
      `${role.zh}可查看全市数据，不能指定区县`,
      `a ${role.en} sees the whole city; --district does not apply`,
    );
  }
  const unknown = await findUnknownDistrictCodes(db, codes);
  if (unknown.length > 0) {
    throw new AccountError(
      `区划代码不存在：${unknown.join('、')}（先导入区划表）`,
      `unknown district code(s): ${unknown.join(', ')} (load the district registry first)`,
    );
  }
  requireStrong(account.password, username);
  if (await findUserByUsername(db, username)) {
    throw new AccountError(`用户"${username}"已存在`, `user "${username}" already exists`);
  }
  // Hash before the transaction: 100 ms of scrypt should not hold a write transaction open.
  const passwordHash = await hashPassword(account.password);
  return db.withTransaction(async (tx) => {
    const userId = await insertUser(tx, {
      username,
      role: account.role,
      districtCodes: codes,
      passwordHash,
      now,
    });
    await recordAudit(tx, {
      ...actor,
      action: 'user_add',
      target: username,
      detail: { role: account.role, districts: codes },
      at: now,
    });
    return userId;
  });
}

/** Sets a new password and ends every session of the user at once. */
export async function changePassword(
  db: Db,
  username: string,
  password: string,
  actor: Actor,
  now = Date.now(),
): Promise<{ sessionsEnded: number }> {
  const user = await requireUser(db, username);
  requireStrong(password, user.username);
  const passwordHash = await hashPassword(password);
  return db.withTransaction(async (tx) => {
    await updatePasswordHash(tx, user.userId, passwordHash, now);
    const sessionsEnded = await deleteSessionsOfUser(tx, user.userId);
    await recordAudit(tx, {
      ...actor,
      action: 'user_passwd',
      target: user.username,
      detail: { sessionsEnded },
      at: now,
    });
    return { sessionsEnded };
  });
}

/**
 * Disables (or re-enables) a user. Disabling ends their sessions and revokes their API tokens
 * at once: someone who has left should not come back through a token issued last year when the
 * account is enabled again for a successor's handover.
 */
export async function setDisabled(
  db: Db,
  username: string,
  disabled: boolean,
  actor: Actor,
  now = Date.now(),
): Promise<{ sessionsEnded: number; tokensRevoked: string[] }> {
  const user = await requireUser(db, username);
  return db.withTransaction(async (tx) => {
    await setUserDisabled(tx, user.userId, disabled, now);
    const sessionsEnded = disabled ? await deleteSessionsOfUser(tx, user.userId) : 0;
    const tokensRevoked = disabled ? await revokeTokensOfUser(tx, user.userId, now) : [];
    await recordAudit(tx, {
      ...actor,
      action: disabled ? 'user_disable' : 'user_enable',
      target: user.username,
      detail: disabled ? { sessionsEnded, tokensRevoked } : null,
      at: now,
    });
    return { sessionsEnded, tokensRevoked };
  });
}

/** A new API token for the user: returned once, stored only as its hash. */
export async function issueToken(
  db: Db,
  username: string,
  actor: Actor,
  now = Date.now(),
): Promise<{ tokenId: string; token: string; user: UserRecord }> {
  const user = await requireUser(db, username);
  if (user.disabled) {
    throw new AccountError(
      `用户"${user.username}"已停用，不能签发令牌`,
      `user "${user.username}" is disabled; no token issued`,
    );
  }
  return db.withTransaction(async (tx) => {
    const { tokenId, token } = await createApiToken(tx, user.userId, actor.actor, now);
    await recordAudit(tx, {
      ...actor,
      action: 'token_issue',
      target: user.username,
      detail: { tokenId },
      at: now,
    });
    return { tokenId, token, user };
  });
}

/**
 * Revokes one token (by its id, `tk_…`) or every live token of a user (by username). Returns
 * the ids revoked; an id that is unknown or already revoked is an error, a user without live
 * tokens is not (there is simply nothing to revoke).
 */
export async function revokeTokens(
  db: Db,
  idOrUsername: string,
  actor: Actor,
  now = Date.now(),
): Promise<{ revoked: string[]; username: string | null }> {
  if (idOrUsername.startsWith(TOKEN_ID_PREFIX)) {
    return db.withTransaction(async (tx) => {
      if (!(await revokeApiToken(tx, idOrUsername, now))) {
        throw new AccountError(
          `没有有效的令牌 ${idOrUsername}`,
          `no live token with id ${idOrUsername}`,
        );
      }
      await recordAudit(tx, {
        ...actor,
        action: 'token_revoke',
        target: idOrUsername,
        detail: { tokenIds: [idOrUsername] },
        at: now,
      });
      return { revoked: [idOrUsername], username: null };
    });
  }
  const user = await requireUser(db, idOrUsername);
  return db.withTransaction(async (tx) => {
    const revoked = await revokeTokensOfUser(tx, user.userId, now);
    if (revoked.length > 0) {
      await recordAudit(tx, {
        ...actor,
        action: 'token_revoke',
        target: user.username,
        detail: { tokenIds: revoked },
        at: now,
      });
    }
    return { revoked, username: user.username };
  });
}
