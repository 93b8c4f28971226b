/**
 * Signing in: the checks between a submitted username and password and a session, in the
 * order that leaks least. A locked name is refused before its password is looked at; an
 * unknown name costs the same scrypt as a known one; and the person at the keyboard hears only
 * "wrong username or password" or "too many attempts" — the same words whether or not the
 * account exists, is disabled, or the password was wrong. The audit log, read by admins and
 * the commission, records which it was.
 */
import type { Db } from '../../db/client';
import { env } from '../../db/env';
import { recordAudit } from '../../db/queries/audit';
import { findUserByUsername, recordLogin, updatePasswordHash } from '../../db/queries/users';
import { isRole, type Role } from './roles';
import {
  dummyPasswordHash,
  hashPassword,
  passwordNeedsRehash,
  verifyPassword,
} from './password.server';
import { LoginThrottle, loginThrottle, type ThrottlePolicy } from './rate-limit.server';
import { normaliseUsername } from './users.server';

export function throttlePolicy(): ThrottlePolicy {
  const config = env();
  return { maxFailures: config.LOGIN_MAX_FAILURES, lockMs: config.LOGIN_LOCK_MINUTES * 60_000 };
}

export interface LoginAttempt {
  username: string;
  password: string;
  ip: string;
  now?: number;
}

export type LoginResult =
  | { ok: true; userId: number; username: string; role: Role }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMinutes: number };

/** Why a sign-in failed, for the audit log only — never shown to the person signing in. */
type FailureReason = 'unknown_user' | 'wrong_password' | 'disabled' | 'unknown_role' | 'locked';

export async function authenticate(
  db: Db,
  attempt: LoginAttempt,
  throttle: LoginThrottle = loginThrottle(throttlePolicy),
): Promise<LoginResult> {
  const now = attempt.now ?? Date.now();
  // Cut before normalising: the name is also the audit log's target and a lock-out map key.
  const username = normaliseUsername(attempt.username.slice(0, 128));
  const fail = async (reason: FailureReason) => {
    await recordAudit(db, {
      actor: username || '(empty)',
      actorRole: null,
      action: 'login_failure',
      target: username,
      detail: { reason },
      ip: attempt.ip,
      at: now,
    });
  };

  const lock = throttle.check(username, attempt.ip, now);
  if (lock.locked) {
    await fail('locked');
    return {
      ok: false,
      reason: 'locked',
      retryAfterMinutes: Math.ceil(lock.retryAfterMs / 60_000),
    };
  }

  const user = username ? await findUserByUsername(db, username) : null;
  const matches = await verifyPassword(
    attempt.password,
    user?.passwordHash ?? (await dummyPasswordHash()),
  );
  if (!user || !matches || user.disabled || !isRole(user.role)) {
    const reason: FailureReason = !user
      ? 'unknown_user'
      : !matches
        ? 'wrong_password'
        : user.disabled
          ? 'disabled'
          : 'unknown_role';
    throttle.recordFailure(username, attempt.ip, now);
    await fail(reason);
    return { ok: false, reason: 'invalid' };
  }

  throttle.recordSuccess(username);
  if (passwordNeedsRehash(user.passwordHash)) {
    // The only moment we hold the plain password: upgrade a hash made with weaker parameters.
    await updatePasswordHash(db, user.userId, await hashPassword(attempt.password), now);
  }
  await recordLogin(db, user.userId, now);
  await recordAudit(db, {
    actor: user.username,
    actorRole: user.role,
    action: 'login_success',
    target: user.username,
    ip: attempt.ip,
    at: now,
  });
  return { ok: true, userId: user.userId, username: user.username, role: user.role };
}
