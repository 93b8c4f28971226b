/**
 * A flag's evidence as a commission member reads it: the numbers with their names in the
 * user's language, rates as percentages, dates for the locale, and lists of days or powers as
 * tables — the fields its flag type declares. The wording lives in app/flags/evidence.ts,
 * shared with the weekly PDF and the CLI.
 */
import { useFormat } from '~/i18n';
import {
  evidenceFacts,
  evidenceTables,
  type EvidenceTable as Table,
  type FlagEvidence,
} from '../flags/evidence';

function EvidenceTable({ table }: { table: Table }) {
  return (
    <div className="table-scroll">
      <table className="table table--compact">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : ''}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i} className={r.alert ? 'row--alert' : undefined}>
              {r.cells.map((cell, c) => (
                <td key={table.columns[c]?.key ?? c} className={cell.numeric ? 'num' : undefined}>
                  {cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Evidence({ flag }: { flag: FlagEvidence }) {
  const f = useFormat();
  return (
    <div className="evidence">
      <dl className="evidence__facts">
        {evidenceFacts(f, flag).map((fact) => (
          <div key={fact.key}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {evidenceTables(f, flag).map((table) => (
        <EvidenceTable key={table.key} table={table} />
      ))}
    </div>
  );
}
