/**
 * Sending a JSON document that may already be stored gzip-compressed (the API's league table,
 * oversight/scorecard-store.ts): as it is to clients that accept gzip — every browser and
 * HTTP library does — and inflated for the rest.
 */
import { gunzipSync } from 'node:zlib';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Whether an Accept-Encoding header admits gzip (RFC 9110 §12.5.3: `gzip`, or `*`, with q > 0). */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), weight ? Number(weight.slice(2)) : 1);
  }
  const gzip = q.get('gzip') ?? q.get('x-gzip') ?? q.get('*');
  return gzip !== undefined && gzip > 0;
}

export function jsonDocumentResponse(
  request: Request,
  document: { gzip: Uint8Array } | { json: string },
): Response {
  const headers = new Headers({ 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding' });
  if ('json' in document) return new Response(document.json, { headers });
  if (!acceptsGzip(request.headers.get('Accept-Encoding'))) {
    return new Response(gunzipSync(document.gzip), { headers });
  }
  headers.set('Content-Encoding', 'gzip');
  // DuckDB hands BLOBs over as Uint8Array over a plain ArrayBuffer, which BodyInit's type wants.
  return new Response(document.gzip as Uint8Array<ArrayBuffer>, { headers });
}
