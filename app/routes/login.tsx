import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { useFormat } from '~/i18n';
import { CSRF_FIELD } from '~/auth/constants';
import { clearLoginCsrfCookie, loginCsrf, verifyLoginCsrf } from '~/auth/csrf.server';
import { optionalViewer, safeNext } from '~/auth/guard.server';
import { authenticate } from '~/auth/login.server';
import { clientIp } from '~/auth/security-headers.server';
import { createSession, endSession } from '~/auth/session.server';
import { db } from '~/db.server';

interface LoginData {
  csrf: string;
  /** Where to go after signing in (already checked by safeNext). */
  next: string;
}

/** GET /login[?next=/flags] — the form, with the pre-session CSRF cookie it needs. */
export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  if (await optionalViewer(request)) throw redirect(next);
  const { token, setCookie } = loginCsrf(request);
  return data<LoginData>(
    { csrf: token, next },
    setCookie ? { headers: { 'Set-Cookie': setCookie } } : {},
  );
}

const loginForm = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().min(1).max(1024),
  next: z.string().max(2048).optional(),
});

type ActionResult = { error: 'incomplete' | 'invalid' } | { error: 'locked'; minutes: number };

/** POST /login — checks CSRF, lock-out and password; on success a new session and a redirect. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  verifyLoginCsrf(request, form);
  const parsed = loginForm.safeParse({
    username: form.get('username'),
    password: form.get('password'),
    next: form.get('next') ?? undefined,
  });
  if (!parsed.success) return data<ActionResult>({ error: 'incomplete' }, { status: 400 });
  const ip = clientIp(request);
  const result = await authenticate(db(), {
    username: parsed.data.username,
    password: parsed.data.password,
    ip,
  });
  if (!result.ok) {
    return result.reason === 'locked'
      ? data<ActionResult>({ error: 'locked', minutes: result.retryAfterMinutes }, { status: 429 })
      : data<ActionResult>({ error: 'invalid' }, { status: 401 });
  }
  // A fresh session id on every sign-in; any session the browser already had ends here, so
  // an id planted before sign-in (session fixation) is worth nothing.
  await endSession(db(), request);
  const session = await createSession(db(), request, result.userId, { ip });
  const headers = new Headers();
  headers.append('Set-Cookie', session.cookie);
  headers.append('Set-Cookie', clearLoginCsrfCookie(request));
  return redirect(safeNext(parsed.data.next), { headers });
}

export default function LoginRoute() {
  // Explicit types: data() results are typed only under single fetch's type augmentation.
  const { csrf, next } = useLoaderData<LoginData>();
  const result = useActionData<ActionResult>();
  const f = useFormat();
  const busy = useNavigation().state === 'submitting';
  const message = !result
    ? null
    : result.error === 'locked'
      ? f.tf('auth.locked', { minutes: result.minutes })
      : f.t(result.error === 'invalid' ? 'auth.invalid' : 'auth.incomplete');
  return (
    <section className="panel" aria-labelledby="login-heading" data-testid="login">
      <h1 id="login-heading">{f.t('auth.heading')}</h1>
      <p className="muted">{f.t('auth.intro')}</p>
      {message ? (
        <p className="notice" role="alert" data-testid="login-error">
          {message}
        </p>
      ) : null}
      <Form method="post" className="filters">
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <input type="hidden" name="next" value={next} />
        <label>
          {f.t('auth.username')}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={128}
          />
        </label>
        <label>
          {f.t('auth.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
          />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {busy ? f.t('auth.submitting') : f.t('auth.submit')}
        </button>
      </Form>
    </section>
  );
}
