/**
 * Express middleware in front of everything the server answers (mounted first in server.ts):
 *
 * - Security headers: a Content-Security-Policy with a fresh nonce per request, framing
 *   forbidden, no MIME sniffing, same-origin referrers.
 * - The client address, passed to Remix as the request header CLIENT_IP_HEADER (always
 *   overwritten here, so a client cannot supply its own), because loaders see only a Request
 *   and the audit log and login lock-out need the address.
 * - The Origin rule for every state-changing request (csrf.server.ts), so a route that forgets
 *   verifyCsrf still refuses a cross-site post.
 *
 * The nonce reaches Remix through the load context (cspLoadContext) and is put on every inline
 * script Remix renders (<Scripts nonce>, <ScrollRestoration nonce>, RemixServer's streaming
 * scripts). Script-src therefore needs neither 'unsafe-inline' nor hashes of the per-request
 * hydration data. Styles allow 'unsafe-inline': React renders `style` attributes and ECharts
 * sets them at run time; injected CSS cannot run script, so this is the accepted trade.
 */
import { randomBytes } from 'node:crypto';
import type {
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from 'express';
import { originProblemOf } from './csrf.server';

/** The request header that carries the client's address into Remix (set only here). */
export const CLIENT_IP_HEADER = 'x-oversight-client-ip';

export interface CspOptions {
  nonce: string;
  /** Vite's dev server talks to the page over a WebSocket (HMR). */
  development: boolean;
}

export function buildCsp({ nonce, development }: CspOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': development ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The nonce this middleware made for the response, or undefined before it ran. */
export function cspNonceOf(res: ExpressResponse): string | undefined {
  const nonce: unknown = res.locals.cspNonce;
  return typeof nonce === 'string' ? nonce : undefined;
}

/** For createRequestHandler's getLoadContext: hands the nonce to app/entry.server.tsx. */
export function cspLoadContext(_req: ExpressRequest, res: ExpressResponse): { cspNonce?: string } {
  return { cspNonce: cspNonceOf(res) };
}

export function securityHeaders(options: { development: boolean }): RequestHandler {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    res.setHeader('Content-Security-Policy', buildCsp({ nonce, development: options.development }));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    res.removeHeader('X-Powered-By');
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    next();
  };
}

/**
 * Express middleware: refuses a state-changing request whose Origin (or Referer) is another
 * host, with 403 and a message in both languages. Requests with a Bearer token are left to
 * their route (the ETL hand-over, API tokens): browsers never add one by themselves.
 */
export function sameOriginWrites(): RequestHandler {
  return (req, res, next) => {
    // Only Bearer: a browser attaches Basic credentials (a proxy's login) by itself, Bearer never.
    if (/^Bearer\s+\S/i.test(req.headers.authorization ?? '')) return next();
    const problem = originProblemOf({
      method: req.method,
      host: req.get('host') ?? '',
      origin: req.headers.origin,
      referer: req.headers.referer,
    });
    if (!problem) return next();
    res.status(403).type('text/plain; charset=utf-8').send(`${problem.zh}\n${problem.en}\n`);
  };
}

/**
 * `Cache-Control: no-store` for what the Remix handler answers (mounted just before it, after
 * the static files, whose own caching must stay): a page or CSV is shaped by the viewer's scope,
 * and no shared cache may hand one user's page to another. A route that sets its own
 * Cache-Control overrides this.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** The client address of a request that came through securityHeaders; 'unknown' otherwise. */
export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}
