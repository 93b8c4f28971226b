import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef, useState, type DragEvent } from 'react';
import { isMessageKey, useFormat, type Formatters } from '~/i18n';
import { CSRF_FIELD } from '~/auth/constants';
import { csrfToken } from '~/auth/csrf.server';
import { requireViewer } from '~/auth/guard.server';
import { db } from '~/db.server';
import {
  handleUpload,
  UPLOAD_LIMITS,
  type FileView,
  type ReportView,
  type UploadResult,
} from '~/upload/upload.server';
import type { Bilingual } from '../../oversight/bilingual';

// `data_.upload`, not `data.upload`: the page stands on its own rather than inside /data's layout.

interface UploadPageData {
  csrf: string;
  limits: { fileMb: number; requestMb: number; files: number; pendingMinutes: number };
}

/** GET /data/upload — the form; data officers only. */
export async function loader({ request }: LoaderFunctionArgs): Promise<UploadPageData> {
  await requireViewer(request, { permission: 'load_data' });
  return {
    csrf: csrfToken(request) ?? '',
    limits: {
      fileMb: UPLOAD_LIMITS.fileBytes / 1024 / 1024,
      requestMb: UPLOAD_LIMITS.requestBytes / 1024 / 1024,
      files: UPLOAD_LIMITS.files,
      pendingMinutes: UPLOAD_LIMITS.pendingMinutes,
    },
  };
}

/** POST /data/upload — intent=preview (with files) or intent=commit (with the preview's id). */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'load_data' });
  return handleUpload(db(), request, viewer);
}

const ACCEPT =
  '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,' +
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function UploadRoute() {
  // Explicit types: data() results are typed only under single fetch's type augmentation.
  const { csrf, limits } = useLoaderData<UploadPageData>();
  const result = useActionData<UploadResult>();
  const f = useFormat();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  return (
    <>
      <div className="page-head">
        <h1>{f.t('upload.heading')}</h1>
        <p className="muted">{f.t('upload.intro')}</p>
      </div>
      <section className="panel" data-testid="upload-form">
        <Form method="post" encType="multipart/form-data" className="upload">
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <DropZone f={f} />
          <p className="muted small">{f.tf('upload.limits', limits)}</p>
          <button
            type="submit"
            name="intent"
            value="preview"
            className="button"
            disabled={busy != null}
          >
            {busy === 'preview' ? f.t('upload.checking') : f.t('upload.check')}
          </button>
        </Form>
      </section>
      {result ? (
        <Result
          result={result}
          csrf={csrf}
          minutes={limits.pendingMinutes}
          committing={busy === 'commit'}
          f={f}
        />
      ) : null}
    </>
  );
}

/**
 * The file input inside a drop zone. Without JavaScript it is a plain file input (the browser
 * lets files be dropped on it too); with it, files dropped anywhere on the zone are handed to
 * the input and listed.
 */
function DropZone({ f }: { f: Formatters }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const show = (files: FileList | null) => setChosen(files ? [...files].map((x) => x.name) : []);
  const onDrop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setOver(false);
    if (input.current && e.dataTransfer.files.length > 0) {
      input.current.files = e.dataTransfer.files;
      show(input.current.files);
    }
  };
  return (
    <label
      className={over ? 'dropzone dropzone--over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span className="dropzone__hint">{f.t('upload.drop')}</span>
      <input
        ref={input}
        type="file"
        name="files"
        multiple
        required
        accept={ACCEPT}
        onChange={(e) => show(e.currentTarget.files)}
      />
      {chosen.length > 0 ? (
        <span className="dropzone__chosen">
          {f.tf('upload.chosen', { n: chosen.length })} {chosen.join(f.lang === 'zh' ? '、' : ', ')}
        </span>
      ) : null}
    </label>
  );
}

function say(f: Formatters, m: Bilingual): string {
  return f.lang === 'zh' ? m.zh : m.en;
}

/** Punctuation between a file name and what is said about it, and between list items. */
const colon = (f: Formatters) => (f.lang === 'zh' ? '：' : ': ');
const comma = (f: Formatters) => (f.lang === 'zh' ? '，' : ', ');

function Result({
  result,
  csrf,
  minutes,
  committing,
  f,
}: {
  result: UploadResult;
  csrf: string;
  minutes: number;
  committing: boolean;
  f: Formatters;
}) {
  if (result.kind === 'refused') {
    return (
      <section className="notice" role="alert" data-testid="upload-refused">
        <h2>{f.t('upload.refused')}</h2>
        <p>{say(f, result.message)}</p>
        {result.files.length > 0 ? (
          <ul>
            {result.files.map((x) => (
              <li key={x.file}>
                <span className="file">{x.file}</span>
                {colon(f)}
                {say(f, x.problem)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    );
  }
  const { report } = result;
  const preview = result.kind === 'preview';
  const batch = { batch: report.batchId.slice(0, 8) };
  const summary = preview
    ? report.errorCount > 0
      ? f.t('upload.previewRejected')
      : result.uploadId
        ? f.tf('upload.previewReady', { minutes })
        : f.t('upload.previewNothing')
    : report.outcome === 'committed'
      ? f.tf('upload.committed', batch)
      : report.outcome === 'unchanged'
        ? f.tf('upload.unchanged', batch)
        : f.tf('upload.rejected', batch);
  const failed = report.errorCount > 0 || report.outcome === 'rejected';
  return (
    <section
      className="panel"
      aria-labelledby="upload-result-heading"
      data-testid={preview ? 'upload-preview' : 'upload-result'}
      data-outcome={report.outcome}
    >
      <h2 id="upload-result-heading">
        {preview ? f.t('upload.previewHeading') : f.t('upload.resultHeading')}
      </h2>
      <p className={failed ? 'notice' : undefined} role={failed ? 'alert' : 'status'}>
        {summary}
      </p>
      <FileTable report={report} preview={preview} f={f} />
      <Notes files={report.files} f={f} />
      {report.errors.length > 0 ? <ErrorTable report={report} f={f} /> : null}
      {preview && result.uploadId ? (
        <Form method="post" className="upload__commit">
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <input type="hidden" name="upload" value={result.uploadId} />
          <button
            type="submit"
            name="intent"
            value="commit"
            className="button"
            disabled={committing}
          >
            {committing ? f.t('upload.committing') : f.t('upload.commit')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function kindName(f: Formatters, kind: string | null): string {
  const key = `kind.${kind}`;
  return kind !== null && isMessageKey(key) ? f.t(key) : f.t('upload.unknownKind');
}

function shape(f: Formatters, file: FileView): string {
  if (!file.encoding) return '—';
  const key = `upload.delimiter.${file.delimiter}`;
  return isMessageKey(key) ? `${file.encoding}${comma(f)}${f.t(key)}` : file.encoding;
}

function FileTable({
  report,
  preview,
  f,
}: {
  report: ReportView;
  preview: boolean;
  f: Formatters;
}) {
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="upload-files">
        <thead>
          <tr>
            <th scope="col">{f.t('data.file')}</th>
            <th scope="col">{f.t('data.kind')}</th>
            <th scope="col">{f.t('upload.encoding')}</th>
            <th scope="col" className="num">
              {f.t('data.rowsRead')}
            </th>
            <th scope="col" className="num">
              {preview ? f.t('upload.wouldInsert') : f.t('data.inserted')}
            </th>
            <th scope="col" className="num">
              {preview ? f.t('upload.wouldUpdate') : f.t('data.updated')}
            </th>
            <th scope="col" className="num">
              {preview ? f.t('upload.wouldKeep') : f.t('data.unchanged')}
            </th>
            <th scope="col" className="num">
              {f.t('data.errors')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((file) => (
            <tr key={file.file} className={file.errorCount > 0 ? 'row--alert' : undefined}>
              <th scope="row" className="file">
                {file.file}
              </th>
              <td>{file.skipped ? f.t('upload.skippedSheet') : kindName(f, file.kind)}</td>
              <td>{shape(f, file)}</td>
              <td className="num">{f.number(file.rowsRead)}</td>
              <td className="num">{f.number(file.inserted)}</td>
              <td className="num">{f.number(file.updated)}</td>
              <td className="num">{f.number(file.unchanged)}</td>
              <td className="num">{f.number(file.errorCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What the loader assumed (title and totals rows skipped, cells normalised, sheets passed
 * over) and files loaded before, one line each: the officer checks these before committing.
 */
function Notes({ files, f }: { files: FileView[]; f: Formatters }) {
  const notes = files.flatMap((file) => [
    ...file.warnings.map((w) => `${file.file}${colon(f)}${say(f, w)}`),
    ...(file.loadedBefore
      ? [f.tf('upload.loadedBefore', { file: file.file, time: f.dateTime(file.loadedBefore) })]
      : []),
  ]);
  if (notes.length === 0) return null;
  return (
    <>
      <h3>{f.t('upload.notesHeading')}</h3>
      <ul className="muted small" data-testid="upload-notes">
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </>
  );
}

function ErrorTable({ report, f }: { report: ReportView; f: Formatters }) {
  const shown = report.errors.length;
  return (
    <>
      <h3>{f.t('upload.errorsHeading')}</h3>
      <p className="muted" data-testid="upload-error-total">
        {shown < report.errorCount
          ? f.tf('upload.errorsCapped', {
              total: f.number(report.errorCount),
              shown: f.number(shown),
            })
          : f.tf('upload.errorsAll', { total: f.number(report.errorCount) })}
      </p>
      <div className="table-scroll">
        <table className="table table--compact" data-testid="upload-errors">
          <thead>
            <tr>
              <th scope="col">{f.t('data.file')}</th>
              <th scope="col" className="num">
                {f.t('upload.line')}
              </th>
              <th scope="col">{f.t('upload.column')}</th>
              <th scope="col">{f.t('upload.value')}</th>
              <th scope="col">{f.t('upload.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              <tr key={i}>
                <td className="file">{e.file}</td>
                <td className="num">{e.line > 0 ? e.line : f.t('upload.wholeFile')}</td>
                <td>{e.column || '—'}</td>
                <td>
                  <code>{e.value}</code>
                </td>
                <td>{say(f, e.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
