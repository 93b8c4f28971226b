/**
 * Lock-out after repeated bad passwords, per username and (more leniently) per address, and
 * the write budget per address. Time is passed in, so "15 minutes later" is a number.
 */
import { describe, expect, it } from 'vitest';
import { IP_FACTOR, LoginThrottle, RateLimiter } from '../../app/auth/rate-limit.server';

const MINUTE = 60_000;
const POLICY = { maxFailures: 5, lockMs: 15 * MINUTE };

function failTimes(throttle: LoginThrottle, n: number, username: string, ip: string, at = 0) {
  for (let i = 0; i < n; i++) throttle.recordFailure(username, ip, at + i);
}

describe('LoginThrottle', () => {
  it('four wrong passwords leave the username open; the fifth locks it for 15 minutes', () => {
    const t = new LoginThrottle(POLICY);
    failTimes(t, 4, 'leader', '10.0.0.1');
    expect(t.check('leader', '10.0.0.1', 10)).toEqual({ locked: false });
    t.recordFailure('leader', '10.0.0.1', 10);
    const check = t.check('leader', '10.0.0.1', 11);
    expect(check.locked).toBe(true);
    if (check.locked) expect(check.retryAfterMs).toBe(15 * MINUTE - 1);
  });

  it('the lock holds from any address and ends after 15 minutes', () => {
    const t = new LoginThrottle(POLICY);
    failTimes(t, 5, 'leader', '10.0.0.1');
    expect(t.check('leader', '192.168.1.9', 5 * MINUTE).locked).toBe(true);
    expect(t.check('leader', '192.168.1.9', 15 * MINUTE + 5).locked).toBe(false);
  });

  it('a username that does not exist is locked the same way — the lock reveals nothing', () => {
    const t = new LoginThrottle(POLICY);
    failTimes(t, 5, 'no-such-user', '10.0.0.2');
    expect(t.check('no-such-user', '10.0.0.3', 100).locked).toBe(true);
  });

  it('failures spread over more than the lock window are forgotten', () => {
    const t = new LoginThrottle(POLICY);
    failTimes(t, 4, 'leader', '10.0.0.1', 0);
    t.recordFailure('leader', '10.0.0.1', 16 * MINUTE);
    expect(t.check('leader', '10.0.0.1', 16 * MINUTE + 1).locked).toBe(false);
  });

  it('a correct password clears the username count', () => {
    const t = new LoginThrottle(POLICY);
    failTimes(t, 4, 'leader', '10.0.0.1');
    t.recordSuccess('leader');
    t.recordFailure('leader', '10.0.0.1', 100);
    expect(t.check('leader', '10.0.0.1', 101).locked).toBe(false);
  });

  it(`one address guessing many usernames is locked after ${POLICY.maxFailures * IP_FACTOR} failures`, () => {
    const t = new LoginThrottle(POLICY);
    const n = POLICY.maxFailures * IP_FACTOR;
    for (let i = 0; i < n - 1; i++) t.recordFailure(`user${i}`, '10.9.9.9', i);
    expect(t.check('someone-else', '10.9.9.9', n).locked).toBe(false);
    t.recordFailure(`user${n}`, '10.9.9.9', n);
    expect(t.check('someone-else', '10.9.9.9', n + 1).locked).toBe(true);
    // A colleague behind another address is not affected.
    expect(t.check('someone-else', '10.9.9.10', n + 1).locked).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows the budget per window, refuses the rest with the wait, then allows again', () => {
    const r = new RateLimiter(3, MINUTE);
    expect([1, 2, 3].map((i) => r.hit('10.0.0.1', i).ok)).toEqual([true, true, true]);
    expect(r.hit('10.0.0.1', 10)).toEqual({ ok: false, retryAfterMs: MINUTE - 9 });
    expect(r.hit('10.0.0.2', 10).ok).toBe(true);
    expect(r.hit('10.0.0.1', MINUTE + 1).ok).toBe(true);
  });
});
