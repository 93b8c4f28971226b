import { useRouteLoaderData } from '@remix-run/react';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Lang = 'zh' | 'en';
export type { MessageKey };

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh: zhCN, en };
export const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

export function translator(lang: Lang) {
  const messages = MESSAGES[lang];
  return (key: MessageKey) => messages[key];
}

/** The language chosen in root's loader (cookie), for any component below it. */
export function useLang(): Lang {
  const data = useRouteLoaderData<{ lang: Lang }>('root');
  return data?.lang ?? 'zh';
}

export function useT() {
  return translator(useLang());
}

export function formatNumber(lang: Lang, n: number | null): string {
  return n === null ? '—' : new Intl.NumberFormat(LOCALE[lang]).format(n);
}
