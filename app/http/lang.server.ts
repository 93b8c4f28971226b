import { createCookie } from '@remix-run/node';
import type { Lang } from '~/i18n';

/** The language switch is remembered for a year; zh-CN unless the user chose English. */
export const langCookie = createCookie('lang', { path: '/', sameSite: 'lax', maxAge: 31_536_000 });

export async function readLang(request: Request): Promise<Lang> {
  const value: unknown = await langCookie.parse(request.headers.get('Cookie'));
  return value === 'en' ? 'en' : 'zh';
}
