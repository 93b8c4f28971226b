/**
 * Browser sessions, stored server-side: the cookie holds only a random id, the sessions table
 * only its SHA-256. Logging out deletes the row, and disabling a user or changing their password
 * deletes all of theirs, so each takes effect on the very next request.
 *
 * Cookies are written by hand rather than with Remix's createCookie: the value is already an
 * unguessable random id (nothing to sign or encode), and every attribute is visible here.
 */
import type { Executor } from '../../db/client';
import { env } from '../../db/env';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  insertSession,
  touchSession,
  type SessionRow,
} from '../../db/queries/sessions';
import { ignoreWriteConflict, randomSecret, sha256Hex } from './tokens.server';
import { viewerOf, type Viewer } from './viewer.server';

export const SESSION_COOKIE = 'oversight_session';

export interface SessionPolicy {
  /** A session unused for this long has ended. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteMs: number;
}

export function sessionPolicy(): SessionPolicy {
  const config = env();
  return {
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: config.SESSION_MAX_HOURS * 3_600_000,
  };
}

/** How often the idle clock is written: not on every request, which would write per click. */
const TOUCH_EVERY_MS = 60_000;

export type SessionState = 'active' | 'idle' | 'expired';

/** Whether a session is still good at `now`: the rule, without I/O. */
export function sessionState(
  session: Pick<SessionRow, 'lastSeenAt' | 'expiresAt'>,
  now: number,
  policy: SessionPolicy,
): SessionState {
  if (now >= session.expiresAt) return 'expired';
  if (now - session.lastSeenAt >= policy.idleMs) return 'idle';
  return 'active';
}

/** Requests over https get Secure cookies; plain http (localhost, a lab network) cannot. */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

export interface CookieOptions {
  maxAgeSeconds: number | null;
  secure: boolean;
}

/** `name=value; Path=/; HttpOnly; SameSite=Lax[; Secure][; Max-Age=n]`. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== null) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}

/** The value of a cookie in the request, or null. Only base64url values are ours to read. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
  }
  return null;
}

/** The hash the sessions table knows this request's session by, or null without a cookie. */
export function sessionIdHash(request: Request): string | null {
  const id = readCookie(request, SESSION_COOKIE);
  return id ? sha256Hex(id) : null;
}

export interface CreatedSession {
  idHash: string;
  /** The Set-Cookie header value to send with the response. */
  cookie: string;
}

/** Starts a session for the user; the caller sends `cookie` with its redirect. */
export async function createSession(
  db: Executor,
  request: Request,
  userId: number,
  options: { ip: string | null; now?: number; policy?: SessionPolicy } = { ip: null },
): Promise<CreatedSession> {
  const now = options.now ?? Date.now();
  const policy = options.policy ?? sessionPolicy();
  // Sessions nobody came back to are never read again; sign-in is a rare, natural time to
  // sweep them, so the table holds only live sessions without a timer of its own.
  await deleteExpiredSessions(db, now, policy.idleMs);
  const id = randomSecret();
  const idHash = sha256Hex(id);
  await insertSession(db, {
    idHash,
    userId,
    now,
    expiresAt: now + policy.absoluteMs,
    ip: options.ip,
    userAgent: request.headers.get('User-Agent')?.slice(0, 300) ?? null,
  });
  const cookie = serializeCookie(SESSION_COOKIE, id, {
    maxAgeSeconds: Math.floor(policy.absoluteMs / 1000),
    secure: isHttps(request),
  });
  return { idHash, cookie };
}

/** The Set-Cookie value that makes the browser forget its session cookie. */
export function clearSessionCookie(request: Request): string {
  return serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: isHttps(request) });
}

/**
 * The viewer of the request's session, or null: no cookie, no such session, ended (idle or
 * past its absolute end — the row is then deleted), or its user disabled.
 */
export async function viewerOfSession(
  db: Executor,
  request: Request,
  options: { now?: number; policy?: SessionPolicy } = {},
): Promise<Viewer | null> {
  const idHash = sessionIdHash(request);
  if (!idHash) return null;
  const session = await findSession(db, idHash);
  if (!session) return null;
  const now = options.now ?? Date.now();
  if (sessionState(session, now, options.policy ?? sessionPolicy()) !== 'active') {
    await deleteSession(db, idHash);
    return null;
  }
  const viewer = viewerOf(session, 'session');
  if (viewer && now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    await touchSession(db, idHash, now).catch(ignoreWriteConflict);
  }
  return viewer;
}

/** Ends the request's session (logout). */
export async function endSession(db: Executor, request: Request): Promise<void> {
  const idHash = sessionIdHash(request);
  if (idHash) await deleteSession(db, idHash);
}
