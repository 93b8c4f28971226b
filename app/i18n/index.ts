import { useRouteLoaderData } from '@remix-run/react';
import { fillMessage } from '../../oversight/bilingual';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Lang = 'zh' | 'en';
export type { MessageKey };

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh: zhCN, en };
export const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };

export function translator(lang: Lang) {
  const messages = MESSAGES[lang];
  return (key: MessageKey) => messages[key];
}

/** Whether a string is a message key (for keys built from data: evidence fields, kinds). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

/** The language chosen in root's loader (cookie), for any component below it. */
export function useLang(): Lang {
  const data = useRouteLoaderData<{ lang: Lang }>('root');
  return data?.lang ?? 'zh';
}

export function useT() {
  return translator(useLang());
}

export { fillMessage };

/**
 * One Intl formatter per language and options, made once: constructing one costs far more
 * than formatting with it, and a report or a league table formats thousands of numbers.
 */
const formatterCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n${lang}${JSON.stringify(options)}`;
  let f = formatterCache.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatterCache.set(key, (f = new Intl.NumberFormat(LOCALE[lang], options)));
  return f;
}
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${lang}${JSON.stringify(options)}`;
  let f = formatterCache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatterCache.set(key, (f = new Intl.DateTimeFormat(LOCALE[lang], options)));
  return f;
}

export function formatNumber(lang: Lang, n: number | null, maxDigits = 0): string {
  return n === null ? '—' : numberFormat(lang, { maximumFractionDigits: maxDigits }).format(n);
}

/** A fraction (0.967) as a percentage with one decimal, "96.7%"; rates are always shown so. */
export function formatPercent(lang: Lang, fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return numberFormat(lang, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(fraction);
}

/** A change between two fractions in percentage points with its sign: "+1.2". */
export function formatPoints(lang: Lang, delta: number): string {
  return numberFormat(lang, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(delta * 100);
}

/** A signed whole-number change: "+3", "−2", "0". */
export function formatSigned(lang: Lang, delta: number, maxDigits = 0): string {
  return numberFormat(lang, {
    maximumFractionDigits: maxDigits,
    signDisplay: 'exceptZero',
  }).format(delta);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/;

/**
 * A calendar day (YYYY-MM-DD) for the locale: 2020年8月17日 / Aug 17, 2020. Computed in UTC from
 * the digits, so server and browser agree whatever their time zones.
 */
export function formatDate(lang: Lang, date: string | null): string {
  const m = date ? DATE.exec(date) : null;
  if (!m) return date ?? '—';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateFormat(lang, {
    year: 'numeric',
    month: lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/**
 * A UTC timestamp as the audit tables store it ('2026-11-22 20:11:46.534'), shown in Beijing
 * time — the users' clock — with a 24-hour clock (the 12-hour forms differ between ICU versions,
 * which would make server and browser render different text).
 */
export function formatDateTime(lang: Lang, timestamp: string | null): string {
  const m = timestamp ? DATE_TIME.exec(timestamp) : null;
  if (!m) return timestamp ?? '—';
  const d = new Date(
    Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
    ),
  );
  return dateFormat(lang, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Shanghai',
  }).format(d);
}

/** Everything a view needs to put words and numbers on screen, for one language. */
export function formatters(lang: Lang) {
  const t = translator(lang);
  return {
    lang,
    locale: LOCALE[lang],
    t,
    tf: (key: MessageKey, values: Record<string, string | number>) => fillMessage(t(key), values),
    number: (n: number | null, maxDigits = 0) => formatNumber(lang, n, maxDigits),
    percent: (fraction: number | null | undefined) => formatPercent(lang, fraction),
    points: (delta: number) => formatPoints(lang, delta),
    signed: (delta: number, maxDigits = 0) => formatSigned(lang, delta, maxDigits),
    date: (date: string | null) => formatDate(lang, date),
    dateTime: (timestamp: string | null) => formatDateTime(lang, timestamp),
    /** A message that comes in both languages (a rule's reason, a refusal). */
    text: (message: { zh: string; en: string }) => message[lang],
  };
}

export type Formatters = ReturnType<typeof formatters>;

export function useFormat(): Formatters {
  return formatters(useLang());
}
