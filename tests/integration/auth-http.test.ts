/**
 * The Express middleware in front of the app, over real HTTP: security headers on every
 * response, the client address passed on (and never taken from the client), cross-site posts
 * refused, and the write budget per address.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRateLimit } from '../../app/auth/rate-limit.server';
import {
  CLIENT_IP_HEADER,
  noStore,
  sameOriginWrites,
  securityHeaders,
} from '../../app/auth/security-headers.server';

const HAN = /\p{Script=Han}/u;

/** An app with the middleware as server.ts mounts it, on a free port. */
async function start(writesPerMinute: number): Promise<{ base: string; close: () => void }> {
  const app = express();
  app.use(securityHeaders({ development: false }));
  app.use(writeRateLimit(writesPerMinute));
  app.use(sameOriginWrites());
  app.use('/static', express.static('public', { maxAge: '1h' }));
  app.get('/page', noStore, (req, res) => {
    res.json({ ip: req.headers[CLIENT_IP_HEADER], nonce: res.locals.cspNonce });
  });
  app.post('/form', (_req, res) => {
    res.send('changed');
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => server.close(),
      }),
    );
  });
}

let base: string;
let close: () => void;

beforeAll(async () => {
  ({ base, close } = await start(1000));
});
afterAll(() => close?.());

describe('security headers', () => {
  it('every response carries them, with a fresh CSP nonce each time', async () => {
    const [a, b] = await Promise.all([fetch(`${base}/page`), fetch(`${base}/page`)]);
    const csp = a.headers.get('Content-Security-Policy') ?? '';
    const { nonce } = (await a.json()) as { nonce: string };
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(((await b.json()) as { nonce: string }).nonce).not.toBe(nonce);
    expect(a.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(a.headers.get('X-Frame-Options')).toBe('DENY');
    expect(a.headers.get('Referrer-Policy')).toBe('same-origin');
    // Pages are never cached; static files keep their own caching.
    expect(a.headers.get('Cache-Control')).toBe('no-store');
    const icon = await fetch(`${base}/static/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('Cache-Control')).toBe('public, max-age=3600');
    expect(icon.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(a.headers.get('X-Powered-By')).toBeNull();
    // 404s too: the headers come before any route.
    expect((await fetch(`${base}/missing`)).headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('the client address reaches the app from the socket, never from a header the client sent', async () => {
    const res = await fetch(`${base}/page`, { headers: { [CLIENT_IP_HEADER]: '203.0.113.7' } });
    const { ip } = (await res.json()) as { ip: string };
    expect(ip).toMatch(/127\.0\.0\.1$/);
  });
});

describe('writes', () => {
  it.each([
    { case: 'from our own page', headers: (b: string) => ({ Origin: b }), status: 200 },
    {
      case: 'from our own page, by Referer',
      headers: (b: string) => ({ Referer: `${b}/page` }),
      status: 200,
    },
    { case: 'from another site', headers: () => ({ Origin: 'https://evil.example' }), status: 403 },
    { case: 'naming no origin', headers: () => ({}), status: 403 },
    // A proxy's Basic login is sent by the browser itself, so it exempts nothing.
    {
      case: 'with Basic credentials from another site',
      headers: () => ({ Authorization: 'Basic dXNlcjpwYXNz', Origin: 'https://evil.example' }),
      status: 403,
    },
    // The ETL hand-over and API clients authenticate with a header a browser never adds.
    {
      case: 'with an Authorization header',
      headers: () => ({ Authorization: 'Bearer x' }),
      status: 200,
    },
  ])('a post $case → $status', async ({ headers, status }) => {
    const res = await fetch(`${base}/form`, { method: 'POST', headers: headers(base) });
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.text()).toMatch(HAN);
  });

  it('past the budget per address, 429 with Retry-After and a message in both languages', async () => {
    const small = await start(3);
    try {
      const post = () =>
        fetch(`${small.base}/form`, { method: 'POST', headers: { Origin: small.base } });
      for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(await refused.text()).toMatch(/请求过于频繁[\s\S]*too many requests/);
      // Reads are not counted: the dashboard makes many and they change nothing.
      expect((await fetch(`${small.base}/page`)).status).toBe(200);
    } finally {
      small.close();
    }
  });
});
