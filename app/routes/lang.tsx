import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { langCookie } from '~/http/lang.server';

/** Stores the language choice and goes back where the user was. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get('lang') === 'en' ? 'en' : 'zh';
  const back = request.headers.get('Referer');
  const target = back && new URL(back).origin === new URL(request.url).origin ? back : '/';
  return redirect(target, { headers: { 'Set-Cookie': await langCookie.serialize(lang) } });
}

export const loader = () => redirect('/');
