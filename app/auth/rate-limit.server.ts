/**
 * Slowing down guessing and flooding, in memory (one server process owns the database, so
 * there is one process to count in; a restart forgets, which only helps the legitimate user).
 *
 * - LoginThrottle: after N wrong passwords for a username, that username is locked for M
 *   minutes — whether or not the account exists, so the lock reveals nothing. An address gets
 *   IP_FACTOR times the allowance before it is locked too, because a district office signs in
 *   from behind one NAT address and must not be locked out by one forgetful colleague.
 * - RateLimiter + writeRateLimit: a fixed budget of state-changing requests per address per
 *   minute, as Express middleware in front of Remix.
 */
import type { RequestHandler } from 'express';

export interface ThrottlePolicy {
  maxFailures: number;
  lockMs: number;
}

/** An address may fail this many times the per-username allowance before it is locked. */
export const IP_FACTOR = 4;

/** Keys kept at most, so a flood of made-up usernames cannot grow memory without bound. */
const MAX_KEYS = 20_000;

interface Counter {
  failures: number;
  /** When the current run of failures began; failures older than lockMs are forgotten. */
  since: number;
  lockedUntil: number;
}

export type ThrottleCheck = { locked: false } | { locked: true; retryAfterMs: number };

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly policy: ThrottlePolicy) {}

  /** Whether a sign-in for this username from this address may be tried at all. */
  check(username: string, ip: string, now: number): ThrottleCheck {
    const until = Math.max(
      this.lockedUntil(`u:${username}`, now),
      this.lockedUntil(`ip:${ip}`, now),
    );
    return until > now ? { locked: true, retryAfterMs: until - now } : { locked: false };
  }

  recordFailure(username: string, ip: string, now: number): void {
    this.fail(`u:${username}`, this.policy.maxFailures, now);
    this.fail(`ip:${ip}`, this.policy.maxFailures * IP_FACTOR, now);
  }

  /** A correct password clears the username's count; the address keeps its own. */
  recordSuccess(username: string): void {
    this.counters.delete(`u:${username}`);
  }

  private lockedUntil(key: string, now: number): number {
    const c = this.counters.get(key);
    return c && c.lockedUntil > now ? c.lockedUntil : 0;
  }

  private fail(key: string, allowed: number, now: number): void {
    let c = this.counters.get(key);
    if (!c || now - c.since > this.policy.lockMs) {
      c = { failures: 0, since: now, lockedUntil: 0 };
      this.remember(key, c, now);
    }
    c.failures += 1;
    if (c.failures >= allowed) {
      // Locked: the next run of failures starts after the lock, with a full allowance again.
      c.lockedUntil = now + this.policy.lockMs;
      c.failures = 0;
      c.since = c.lockedUntil;
    }
  }

  private remember(key: string, counter: Counter, now: number): void {
    if (this.counters.size >= MAX_KEYS) {
      for (const [k, c] of this.counters) {
        if (c.lockedUntil <= now && now - c.since > this.policy.lockMs) this.counters.delete(k);
      }
      // Still full: drop the oldest (Maps iterate in insertion order).
      while (this.counters.size >= MAX_KEYS) {
        const oldest = this.counters.keys().next().value;
        if (oldest === undefined) break;
        this.counters.delete(oldest);
      }
    }
    this.counters.delete(key);
    this.counters.set(key, counter);
  }
}

/** A fixed number of hits per key per window. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; hits: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit; `ok: false` with the wait when the key is over its budget. */
  hit(key: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size >= MAX_KEYS) this.prune(now);
      w = { start: now, hits: 0 };
      this.windows.set(key, w);
    }
    w.hits += 1;
    return w.hits <= this.limit
      ? { ok: true }
      : { ok: false, retryAfterMs: w.start + this.windowMs - now };
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    while (this.windows.size >= MAX_KEYS) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Express middleware: at most `perMinute` state-changing requests (POST, PUT, PATCH, DELETE)
 * per client address per minute; past that, 429 with Retry-After and a message in both
 * languages. Reads are not limited here — they change nothing and the dashboard makes many.
 */
export function writeRateLimit(perMinute: number): RequestHandler {
  const limiter = new RateLimiter(perMinute, 60_000);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const verdict = limiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown', Date.now());
    if (verdict.ok) return next();
    const seconds = Math.ceil(verdict.retryAfterMs / 1000);
    const zh = `请求过于频繁，请 ${seconds} 秒后再试`;
    const en = `too many requests; try again in ${seconds} seconds`;
    res.setHeader('Retry-After', String(seconds));
    if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
      res.status(429).json({ error: { zh, en } });
    } else {
      res.status(429).type('text/plain; charset=utf-8').send(`${zh}\n${en}\n`);
    }
  };
}

const THROTTLE_KEY = Symbol.for('fangguanfu.oversight.loginThrottle');
type Holder = { [THROTTLE_KEY]?: LoginThrottle };

/**
 * The process's login throttle. Kept on globalThis so Vite's dev reloads of the route modules
 * do not hand an attacker a fresh allowance.
 */
export function loginThrottle(policy: () => ThrottlePolicy): LoginThrottle {
  const holder = globalThis as Holder;
  holder[THROTTLE_KEY] ??= new LoginThrottle(policy());
  return holder[THROTTLE_KEY];
}
