/** Plain-text rendering of a load report, for the terminal and the inbox's rejected/ folder. */
import type { LoadReport, RowError } from './load';

const OUTCOME = {
  committed: { zh: '已导入', en: 'loaded' },
  unchanged: { zh: '无变化（数据已是最新）', en: 'nothing changed (already loaded)' },
  rejected: { zh: '已拒绝，未导入任何数据', en: 'rejected, nothing was loaded' },
  dry_run: { zh: '试运行，未写入', en: 'dry run, nothing written' },
} as const;

export function formatRowError(e: RowError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}` : e.file;
  const column = e.column ? ` [${e.column}]` : '';
  const value = e.value ? ` "${e.value.length > 60 ? `${e.value.slice(0, 57)}...` : e.value}"` : '';
  return `${where}${column}${value}: ${e.reason.zh} / ${e.reason.en}`;
}

export function formatLoadReport(report: LoadReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    const kind = f.kind ?? '?';
    const shape = [f.encoding, f.delimiter].filter(Boolean).join(', ');
    lines.push(
      `${f.file} (${kind}${shape ? `, ${shape}` : ''}): ${f.rowsRead} 行/rows, ` +
        `新增/inserted ${f.inserted}, 更新/updated ${f.updated}, 未变/unchanged ${f.unchanged}` +
        (f.errorCount ? `, 错误/errors ${f.errorCount}` : ''),
    );
    for (const w of f.warnings) lines.push(`  注意/warning: ${w.zh} / ${w.en}`);
    const before = f.loadedBefore.find((b) => b.batchId !== report.batchId);
    if (before && f.inserted + f.updated === 0) {
      lines.push(
        `  该文件已于 ${before.finishedAt} 导入过 / this file was loaded before on ${before.finishedAt}`,
      );
    }
  }
  if (report.errors.length) {
    lines.push('', `错误 / Errors (${report.errorCount}):`);
    for (const e of report.errors) lines.push(`  ${formatRowError(e)}`);
    const hidden = report.errorCount - report.errors.length;
    if (hidden > 0)
      lines.push(`  … 另有 ${hidden} 个错误未列出 / ${hidden} more errors not listed`);
  }
  const o = OUTCOME[report.outcome];
  lines.push('', `批次/batch ${report.batchId}: ${o.zh} / ${o.en}`);
  return lines.join('\n');
}
