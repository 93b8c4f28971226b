import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound } from '~/http/params.server';
import { translator } from '~/i18n';

/**
 * Any address no other route answers. Matching it here (rather than not at all) runs the root
 * loader, so the 404 is worded in the reader's language inside the normal layout, navigation
 * included; the visitor's mistake is logged as one line, no stack.
 */
export function loader({ request }: LoaderFunctionArgs): never {
  console.warn(`404 ${request.method} ${new URL(request.url).pathname}`);
  throw notFound(translator('zh')('error.noSuchPage'), translator('en')('error.noSuchPage'));
}

export default function NoSuchPage() {
  return null;
}
