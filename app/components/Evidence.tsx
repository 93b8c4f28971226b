/**
 * A flag's evidence as a commission member reads it: the numbers with their names in the
 * user's language, rates as percentages, dates for the locale, and lists of days or powers as
 * tables — whatever fields the rule put in.
 */
import { isMessageKey, useFormat, type Formatters, type MessageKey } from '~/i18n';

/** Fields that hold fractions (shown as percentages). */
const FRACTIONS = new Set(['rate', 'target', 'share', 'threshold']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Value = unknown;

function label(f: Formatters, key: string): string {
  const k = `evidence.${key}`;
  return isMessageKey(k) ? f.t(k) : key;
}

/** Codes the rules put in lists: action types and complaint categories. */
function term(f: Formatters, prefix: 'action' | 'category', code: string): string {
  const k = `${prefix}.${code}`;
  return isMessageKey(k) ? f.t(k as MessageKey) : code;
}

function scalar(f: Formatters, key: string, value: Value): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? f.t('common.yes') : f.t('common.no');
  if (typeof value === 'number') return FRACTIONS.has(key) ? f.percent(value) : f.number(value, 1);
  if (typeof value === 'string') {
    if (DATE.test(value)) return f.date(value);
    return key === 'missingActionTypes' ? term(f, 'action', value) : value;
  }
  return JSON.stringify(value);
}

const isRecord = (v: Value): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function EvidenceTable({ f, rows, caption }: { f: Formatters; rows: Value[]; caption: string }) {
  const records = rows.filter(isRecord);
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return (
    <div className="table-scroll">
      <table className="table table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={typeof records[0]?.[c] === 'number' ? 'num' : ''}>
                {label(f, c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((r, i) => (
            <tr key={i} className={r.throttled === true ? 'row--alert' : undefined}>
              {columns.map((c) => (
                <td key={c} className={typeof r[c] === 'number' ? 'num' : undefined}>
                  {scalar(f, c, r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const f = useFormat();
  const entries = Object.entries(evidence);
  const tables = entries.filter(([, v]) => Array.isArray(v) && v.some(isRecord));
  const plain = entries.filter(([, v]) => !(Array.isArray(v) && v.some(isRecord)));
  return (
    <div className="evidence">
      <dl className="evidence__facts">
        {plain.map(([key, value]) => (
          <div key={key}>
            <dt>{label(f, key)}</dt>
            <dd>
              {Array.isArray(value)
                ? value.map((v) => scalar(f, key, v)).join(f.lang === 'zh' ? '、' : ', ') || '—'
                : isRecord(value)
                  ? Object.entries(value)
                      .map(([k, n]) => `${term(f, 'category', k)} ${scalar(f, k, n)}`)
                      .join(f.lang === 'zh' ? '、' : ', ') || '—'
                  : scalar(f, key, value)}
            </dd>
          </div>
        ))}
      </dl>
      {tables.map(([key, value]) => (
        <EvidenceTable key={key} f={f} rows={value as Value[]} caption={label(f, key)} />
      ))}
    </div>
  );
}
