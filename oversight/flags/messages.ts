/**
 * The flag titles in both languages: the catalogue's `flag.<type>.*` entries. The rules word
 * their findings from here (titles are stored with the flag, as they stood when found), and the
 * app's catalogues (app/i18n) take these entries in, so every sentence a reader sees is in one
 * catalogue per language. Placeholders are `{name}`; a placeholder may hold another entry (an
 * optional clause).
 */
import type { Bilingual } from '../bilingual';
import { fillMessage } from '../bilingual';

export const FLAG_MESSAGES_ZH = {
  'flag.delegated_without_supervision.title':
    '{powers} 项下放事权承接 {days} 天无任何培训、指导或督导（"一放了之"）',
  'flag.ticket_throttling.title':
    '{days} 天放号不足：日均发放号数 {issued} / 日可办理量 {capacity}，到场 {visitors} 人{near}',
  'flag.ticket_throttling.near': '（接近阈值）',
  'flag.online_target_missed.title':
    '网上可办 {online} / {eligible}（{rate}），目标 {target}{stalled}；{forecast}',
  'flag.online_target_missed.stalled': '，已 {weeks} 周无进展',
  'flag.online_target_missed.reachedBy': '按当前进度预计 {date} 达标',
  'flag.online_target_missed.notReached': '按当前进度无法达标',
  'flag.complaint_surge.title': '投诉 {count} 件，前 {periods} 期中位数 {baseline} 件{times}',
  'flag.complaint_surge.times': '（{times} 倍）',
  'flag.complaints_unresolved.title':
    '本期办结投诉 {closed} 件，其中 {unresolved} 件"答复即办结"未解决（{share}）',
  'flag.out_of_queue_handling.title': '未取号办理 {cases} 件（占办结 {rate}）{onThrottled}',
  'flag.out_of_queue_handling.onThrottled': '，其中 {cases} 件发生在限号日',
  'flag.missing_reports.window': '{days} 个工作日未报送窗口数据',
  'flag.missing_reports.snapshot': '近 {maxAge} 天无网办统计',
  'flag.missing_reports.both': '{days} 个工作日未报送窗口数据；近 {maxAge} 天无网办统计',
} as const;

export type FlagMessageKey = keyof typeof FLAG_MESSAGES_ZH;

export const FLAG_MESSAGES_EN: Record<FlagMessageKey, string> = {
  'flag.delegated_without_supervision.title':
    '{powers} delegated powers without any training, guidance or inspection for {days} days',
  'flag.ticket_throttling.title':
    'Tickets withheld on {days} days: {issued} issued of {capacity} capacity a day, {visitors} visitors{near}',
  'flag.ticket_throttling.near': ' (near the threshold)',
  'flag.online_target_missed.title':
    '{online} / {eligible} items online ({rate}) against {target}{stalled}; {forecast}',
  'flag.online_target_missed.stalled': ', stalled for {weeks} weeks',
  'flag.online_target_missed.reachedBy': 'at this pace the target is reached by {date}',
  'flag.online_target_missed.notReached': 'not reached at this pace',
  'flag.complaint_surge.title':
    '{count} complaints against a median of {baseline} in the previous {periods} periods{times}',
  'flag.complaint_surge.times': ' ({times}×)',
  'flag.complaints_unresolved.title':
    '{unresolved} of {closed} complaints closed this period were answered but not resolved ({share})',
  'flag.out_of_queue_handling.title':
    '{cases} cases handled out of queue ({rate} of completed){onThrottled}',
  'flag.out_of_queue_handling.onThrottled': ', {cases} on days tickets were withheld',
  'flag.missing_reports.window': 'No window data on {days} working days',
  'flag.missing_reports.snapshot': 'No online snapshot in {maxAge} days',
  'flag.missing_reports.both':
    'No window data on {days} working days; no online snapshot in {maxAge} days',
};

/**
 * A sentence of this catalogue: the entry `key` with its placeholders filled. A value may be
 * another sentence (an optional clause), or null for a clause left out.
 */
export interface Sentence {
  key: FlagMessageKey;
  values?: Readonly<Record<string, string | number | Sentence | null>>;
}

function render(messages: Record<FlagMessageKey, string>, s: Sentence): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(s.values ?? {})) {
    values[name] = v === null ? '' : typeof v === 'object' ? render(messages, v) : v;
  }
  return fillMessage(messages[s.key], values);
}

/** The sentence in both languages, as a flag stores its title. */
export const wordSentence = (s: Sentence): Bilingual => ({
  zh: render(FLAG_MESSAGES_ZH, s),
  en: render(FLAG_MESSAGES_EN, s),
});
