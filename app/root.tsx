import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect } from 'react';
import { fillMessage, translator, useLang, useT, type Lang } from '~/i18n';
import { CSRF_FIELD } from '~/auth/constants';
import { can, type Role } from '~/auth/roles';
import { csrfToken } from '~/auth/csrf.server';
import { optionalViewer } from '~/auth/guard.server';
import { useNonce } from '~/auth/nonce';
import { readLang } from '~/http/lang.server';
import stylesheet from '~/styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await optionalViewer(request);
  return {
    lang: await readLang(request),
    viewer: viewer && { username: viewer.username, role: viewer.role },
    csrf: viewer ? csrfToken(request) : null,
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

/** The period and department travel with the user from page to page. */
function useSharedQuery(): string {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of ['week', 'period', 'department']) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `?${query}` : '';
}

function Nav({ role }: { role: Role }) {
  const t = useT();
  const query = useSharedQuery();
  // Only what the role may open: a link that ends in "no access" is a broken link.
  const items = [
    { to: '/', label: t('nav.overview'), end: true, may: can(role, 'view_dashboard') },
    { to: '/flags', label: t('nav.flags'), end: false, may: can(role, 'view_evidence') },
    { to: '/cases', label: t('nav.cases'), end: false, may: can(role, 'view_cases') },
    { to: '/data', label: t('nav.data'), end: false, may: can(role, 'view_dashboard') },
    { to: '/reports', label: t('nav.reports'), end: false, may: can(role, 'export') },
    { to: '/audit', label: t('audit.nav'), end: false, may: can(role, 'view_audit') },
  ].filter((item) => item.may);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {items.map((item) => (
        <NavLink
          key={item.to}
          to={`${item.to}${item.to === '/data' || item.to === '/audit' ? '' : query}`}
          end={item.end}
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Closed <details> do not print: open them all for printing (the evidence belongs on paper). */
function useOpenDetailsForPrint() {
  useEffect(() => {
    const open = () => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    };
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);
}

/** Who is signed in, and the way out (a POST with the session's CSRF token). */
function Account({
  viewer,
  csrf,
}: {
  viewer: NonNullable<RootData['viewer']>;
  csrf: string | null;
}) {
  const t = useT();
  return (
    <form method="post" action="/logout" className="account">
      <span className="account-name">
        {fillMessage(t('auth.signedInAs'), {
          username: viewer.username,
          role: t(`role.${viewer.role}`),
        })}
      </span>
      {csrf && <input type="hidden" name={CSRF_FIELD} value={csrf} />}
      <button type="submit">{t('auth.signOut')}</button>
    </form>
  );
}

function Shell({ lang, children }: { lang: Lang; children: React.ReactNode }) {
  const t = translator(lang);
  const data = useRouteLoaderData<typeof loader>('root');
  const viewer = data?.viewer ?? null;
  // Remix's inline scripts carry the response's CSP nonce (script-src has no 'unsafe-inline').
  const nonce = useNonce();
  useOpenDetailsForPrint();
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
          {viewer && <Nav role={viewer.role} />}
          <form method="post" action="/lang" className="lang-switch">
            <input type="hidden" name="lang" value={lang === 'zh' ? 'en' : 'zh'} />
            <button type="submit">{t('lang.switch')}</button>
          </form>
          {viewer && <Account viewer={viewer} csrf={data?.csrf ?? null} />}
        </header>
        <main>{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
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

const isNoRouteMessage = (data: unknown) =>
  typeof data === 'string' && /No route matches URL/.test(data);

/** A thrown Response's message: plain text, or { error: { zh, en } } from badRequest/notFound. */
function messageOf(data: unknown, lang: Lang): string | null {
  if (typeof data === 'string' && data.trim() !== '') return data;
  if (typeof data === 'object' && data !== null && 'error' in data) {
    const error = (data as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const text = (error as Record<string, unknown>)[lang];
      if (typeof text === 'string') return text;
    }
  }
  return null;
}

function ErrorMessage({ error }: { error: unknown }) {
  const t = useT();
  const lang = useLang();
  const known = isRouteErrorResponse(error);
  const heading = !known
    ? t('error.heading')
    : error.status === 404
      ? t('error.notFound')
      : error.status === 400
        ? t('error.badRequest')
        : error.status === 403
          ? t('auth.forbidden')
          : t('error.heading');
  // Remix's own 404 ("Error: No route matches URL …") is for developers, not for readers;
  // app/routes/$.tsx answers unknown addresses with the same words.
  const unknownPage =
    known &&
    error.status === 404 &&
    (isNoRouteMessage(error.data) || messageOf(error.data, lang) === t('error.noSuchPage'));
  const message = unknownPage
    ? t('error.noSuchPage')
    : (known && messageOf(error.data, lang)) || t('error.unexpected');
  return (
    <section className="error" role="alert" data-testid="error">
      <h1>{heading}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{t('error.back')}</a>
      </p>
    </section>
  );
}
