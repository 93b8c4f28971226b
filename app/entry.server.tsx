/**
 * Remix's default Node entry, with one change: the HTML stream is cleaned of the NUL bytes
 * React 18.3's renderToPipeableStream leaks. React encodes into a 2048-byte buffer with
 * TextEncoder.encodeInto; when a multi-byte character (every Chinese one) would straddle the
 * end, encoding stops early and React still flushes the whole buffer, so up to three unwritten
 * zero bytes go out (facebook/react#24985, fixed upstream in #26228 but not in 18.3). In text
 * they are dropped by the browser; inside the inline loader data the HTML parser turns them
 * into U+FFFD, which breaks hydration. HTML never legitimately contains NUL, so trailing NULs
 * of a chunk are removed.
 */
import { PassThrough, Transform } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceProvider } from '~/auth/nonce';

const ABORT_DELAY = 5_000;

/** Drops the zero bytes React left unwritten at the end of a chunk. */
export function stripTrailingNuls(chunk: Buffer): Buffer {
  let end = chunk.length;
  while (end > 0 && chunk[end - 1] === 0) end--;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The per-request CSP nonce from the security middleware (server.ts), for every inline script
  // React and Remix write; absent when the app is served without that middleware (tests).
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  // Crawlers (and SPA mode) get the whole document at once; browsers get the shell first.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const clean = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          callback(null, stripTrailingNuls(chunk));
        },
      });
      responseHeaders.set('Content-Type', 'text/html');
      resolve(
        new Response(createReadableStreamFromReadable(body.pipe(clean)), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ''}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </NonceProvider>,
      {
        nonce,
        onShellReady: waitForAll ? undefined : ready,
        onAllReady: waitForAll ? ready : undefined,
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while rendering the shell reject and are logged by Remix; log the rest.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * What Remix reports from loaders, actions and rendering. An unknown address is the visitor's
 * mistake, not ours: one line, no stack. A request the browser abandoned is nobody's error.
 * Everything else is logged whole.
 */
export function handleError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  if (isNotFound(error)) {
    console.warn(`404 ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  console.error(error);
}

const isNotFound = (error: unknown) =>
  (isRouteErrorResponse(error) && error.status === 404) ||
  (error instanceof Error && /^No route matches URL/.test(error.message));
