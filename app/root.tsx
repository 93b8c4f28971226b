import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { translator, useT, type Lang } from '~/i18n';
import { readLang } from '~/lib/lang.server';
import stylesheet from '~/styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: await readLang(request) };
}

function Shell({ lang, children }: { lang: Lang; children: React.ReactNode }) {
  const t = translator(lang);
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('app.title')}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <header className="topbar">
          <a href="/" className="brand">
            {t('app.title')}
          </a>
          <form method="post" action="/lang" className="lang-switch">
            <input type="hidden" name="lang" value={lang === 'zh' ? 'en' : 'zh'} />
            <button type="submit">{t('lang.switch')}</button>
          </form>
        </header>
        <main>{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <Shell lang={lang}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>('root');
  const lang = data?.lang ?? 'zh';
  return (
    <Shell lang={lang}>
      <ErrorMessage error={error} />
    </Shell>
  );
}

function ErrorMessage({ error }: { error: unknown }) {
  const t = useT();
  const known = isRouteErrorResponse(error);
  return (
    <section className="error" role="alert">
      <h1>{known && error.status === 404 ? t('error.notFound') : t('error.heading')}</h1>
      <p>{known && typeof error.data === 'string' ? error.data : t('error.unexpected')}</p>
    </section>
  );
}
