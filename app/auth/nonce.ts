/**
 * The CSP nonce of the current response, for Remix's inline scripts (<Scripts nonce>,
 * <ScrollRestoration nonce>). entry.server.tsx provides it from the load context; in the
 * browser it is '' — browsers hide a nonce from the DOM once the page has loaded, so the
 * rendered attribute matches and hydration stays quiet.
 */
import { createContext, useContext } from 'react';

export const NonceContext = createContext<string>('');
export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
