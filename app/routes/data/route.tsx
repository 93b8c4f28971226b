import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/EmptyState';
import { isMessageKey, useFormat, type Formatters } from '~/i18n';
import { db } from '~/db.server';
import { loadDataStatus, type DataStatus, type Freshness } from '~/routes/data/data-status.server';
import { can } from '~/auth/roles';
import { viewerFor } from '~/auth/route-viewer.server';

/** GET /data — what was loaded, when, by whom; how fresh each district's data is. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await viewerFor(request);
  return {
    ...(await loadDataStatus(db(), viewer.scope)),
    mayUpload: can(viewer.role, 'load_data'),
  };
}

function word(f: Formatters, prefix: string, code: string | null): string {
  if (code === null) return '—';
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? f.t(key) : code;
}

export default function DataRoute() {
  const data = useLoaderData<typeof loader>();
  const f = useFormat();
  const upload = data.mayUpload && (
    <p>
      <Link className="button" to="/data/upload">
        {f.t('upload.link')}
      </Link>
    </p>
  );
  if (data.batches.length === 0 && data.freshness.length === 0)
    return (
      <>
        {upload}
        <EmptyState />
      </>
    );
  return (
    <>
      <div className="page-head">
        <h1>{f.t('data.heading')}</h1>
        {upload}
      </div>
      <Freshness data={data} f={f} />
      <History data={data} f={f} />
    </>
  );
}

function FreshnessState({
  behind,
  stale,
  f,
}: {
  behind: number | null;
  stale: boolean;
  f: Formatters;
}) {
  if (behind === null)
    return (
      <span className="status status--missed">
        <span aria-hidden="true">✗</span> {f.t('data.missing')}
      </span>
    );
  if (stale)
    return (
      <span className="status status--missed">
        <span aria-hidden="true">✗</span> {f.tf('data.stale', { days: f.number(behind) })}
      </span>
    );
  return (
    <span className="status status--met">
      <span aria-hidden="true">✓</span> {f.t('data.fresh')}
    </span>
  );
}

function Freshness({ data, f }: { data: DataStatus; f: Formatters }) {
  const stale = (r: Freshness) => r.windowStale || r.onlineStale;
  return (
    <section className="panel" aria-labelledby="freshness-heading">
      <h2 id="freshness-heading">{f.t('data.freshness')}</h2>
      {data.referenceDate ? (
        <p className="muted">
          {f.tf('data.asOf', {
            date: f.date(data.referenceDate),
            windowDays: data.windowStaleDays,
            snapshotDays: data.snapshotStaleDays,
          })}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="table" data-testid="freshness">
          <thead>
            <tr>
              <th scope="col">{f.t('districts.code')}</th>
              <th scope="col">{f.t('districts.name')}</th>
              <th scope="col">{f.t('filter.department')}</th>
              <th scope="col">{f.t('data.lastWindow')}</th>
              <th scope="col">{f.t('data.state')}</th>
              <th scope="col">{f.t('data.lastOnline')}</th>
              <th scope="col">{f.t('data.state')}</th>
            </tr>
          </thead>
          <tbody>
            {data.freshness.map((r) => (
              <tr
                key={`${r.districtCode}/${r.department ?? ''}`}
                className={stale(r) ? 'row--alert' : undefined}
                data-stale={stale(r) ? 'true' : undefined}
              >
                <td>{r.districtCode}</td>
                <th scope="row">{r.districtName}</th>
                <td>{r.department ?? '—'}</td>
                <td>{f.date(r.lastWindowDate)}</td>
                <td>
                  <FreshnessState behind={r.windowBehind} stale={r.windowStale} f={f} />
                </td>
                <td>{f.date(r.lastOnlineSnapshot)}</td>
                <td>
                  <FreshnessState behind={r.onlineBehind} stale={r.onlineStale} f={f} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function History({ data, f }: { data: DataStatus; f: Formatters }) {
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{f.t('data.history')}</h2>
      {data.batches.length === 0 ? (
        <p>{f.t('data.historyNone')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact" data-testid="load-history">
            <thead>
              <tr>
                <th scope="col">{f.t('data.when')}</th>
                <th scope="col">{f.t('data.by')}</th>
                <th scope="col">{f.t('data.source')}</th>
                <th scope="col">{f.t('data.outcome')}</th>
                <th scope="col">{f.t('data.file')}</th>
                <th scope="col">{f.t('data.kind')}</th>
                <th scope="col" className="num">
                  {f.t('data.rowsRead')}
                </th>
                <th scope="col" className="num">
                  {f.t('data.inserted')}
                </th>
                <th scope="col" className="num">
                  {f.t('data.updated')}
                </th>
                <th scope="col" className="num">
                  {f.t('data.unchanged')}
                </th>
                <th scope="col" className="num">
                  {f.t('data.errors')}
                </th>
                <th scope="col">{f.t('data.sha256')}</th>
              </tr>
            </thead>
            {data.batches.map((b) => (
              <tbody key={b.batchId} className="batch">
                {(b.files.length > 0 ? b.files : [null]).map((file, i) => (
                  <tr key={file?.fileName ?? i}>
                    {i === 0 ? (
                      <>
                        <td rowSpan={Math.max(b.files.length, 1)}>{f.dateTime(b.finishedAt)}</td>
                        <td rowSpan={Math.max(b.files.length, 1)}>{b.loadedBy}</td>
                        <td rowSpan={Math.max(b.files.length, 1)}>{word(f, 'source', b.source)}</td>
                        <td rowSpan={Math.max(b.files.length, 1)}>
                          <span className={`outcome outcome--${b.outcome}`}>
                            {word(f, 'outcome', b.outcome)}
                          </span>
                          {b.message ? <div className="muted small">{b.message}</div> : null}
                        </td>
                      </>
                    ) : null}
                    {file ? (
                      <>
                        <td className="file">{file.fileName}</td>
                        <td>{word(f, 'kind', file.kind)}</td>
                        <td className="num">{f.number(file.rowsRead)}</td>
                        <td className="num">{f.number(file.rowsInserted)}</td>
                        <td className="num">{f.number(file.rowsUpdated)}</td>
                        <td className="num">{f.number(file.rowsUnchanged)}</td>
                        <td className="num">{f.number(file.errorCount)}</td>
                        <td>
                          <code title={file.sha256}>{file.sha256.slice(0, 12)}</code>
                        </td>
                      </>
                    ) : (
                      <td colSpan={8} className="muted">
                        —
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
