/**
 * Unattended loading: bureaus point their nightly exports at an inbox folder and the server
 * loads what lands there. Loose data files in the inbox form one batch; each sub-folder is a
 * batch of its own. A batch is picked up once none of its files has changed for the settle
 * time (so half-copied files are not read), then moved to loaded/ or rejected/ with the
 * report written beside it.
 */
import { mkdirSync, readdirSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE } from './files';
import { formatLoadReport } from './format';
import type { LoadReport, SourceFile } from './load';

const OUTCOME_DIRS = new Set(['loaded', 'rejected']);

export interface InboxBatch {
  /** Folder name for a sub-folder batch, '' for the loose files. */
  name: string;
  files: SourceFile[];
}

export class InboxWatcher {
  private seen = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = new Map<string, { attempts: number; retryAt: number }>();

  constructor(
    private readonly dir: string,
    private readonly settleMs: number,
    private readonly loadBatch: (batch: InboxBatch) => Promise<LoadReport>,
    private readonly log: (line: string) => void = (l) => console.log(l),
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  start(intervalMs = 2000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One look at the inbox: loads every settled batch. Runs one tick at a time. */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.scan().finally(() => (this.running = null));
    return this.running;
  }

  private async scan(): Promise<void> {
    for (const batch of this.settledBatches()) {
      const key = batch.name || '(inbox)';
      const failed = this.failures.get(key);
      if (failed && this.now() < failed.retryAt) continue;
      let report: LoadReport;
      try {
        report = await this.loadBatch(batch);
      } catch (e) {
        // Not a data error (those are reports): retry later, backing off up to an hour.
        const attempts = (failed?.attempts ?? 0) + 1;
        const waitMs = Math.min(60 * 60_000, 10_000 * 2 ** (attempts - 1));
        this.failures.set(key, { attempts, retryAt: this.now() + waitMs });
        this.log(
          `inbox: batch ${key} failed (${(e as Error).message}); retry in ${waitMs / 1000} s`,
        );
        continue;
      }
      this.failures.delete(key);
      this.file(batch, report);
    }
  }

  private settledBatches(): InboxBatch[] {
    const loose: SourceFile[] = [];
    const batches: InboxBatch[] = [];
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      const path = join(this.dir, entry.name);
      if (entry.isDirectory() && !OUTCOME_DIRS.has(entry.name)) {
        const files = readdirSync(path)
          .filter((n) => DATA_FILE.test(n))
          .sort()
          .map((name) => ({ name, path: join(path, name) }));
        if (files.length && files.every((f) => this.settled(f.path))) {
          batches.push({ name: entry.name, files });
        }
      } else if (entry.isFile() && DATA_FILE.test(entry.name)) {
        loose.push({ name: entry.name, path });
      }
    }
    loose.sort((a, b) => a.name.localeCompare(b.name));
    if (loose.length && loose.every((f) => this.settled(f.path!))) {
      batches.unshift({ name: '', files: loose });
    }
    return batches;
  }

  /** A file has settled when its size and mtime were the same settleMs ago. */
  private settled(path: string): boolean {
    const s = statSync(path);
    const signature = `${s.size}:${s.mtimeMs}`;
    const previous = this.seen.get(path);
    const now = this.now();
    if (!previous || !previous.startsWith(`${signature}@`)) {
      this.seen.set(path, `${signature}@${now}`);
      return this.settleMs === 0;
    }
    return now - Number(previous.split('@')[1]) >= this.settleMs;
  }

  private file(batch: InboxBatch, report: LoadReport): void {
    const outcome = report.outcome === 'rejected' ? 'rejected' : 'loaded';
    const stamp = report.startedAt.replace(/[-: ]/g, '').slice(0, 14);
    const target = join(
      this.dir,
      outcome,
      `${stamp}-${batch.name || 'inbox'}-${report.batchId.slice(0, 8)}`,
    );
    mkdirSync(target, { recursive: true });
    for (const f of batch.files) {
      renameSync(f.path!, join(target, f.name));
      this.seen.delete(f.path!);
    }
    if (batch.name) {
      const folder = join(this.dir, batch.name);
      if (readdirSync(folder).length === 0) rmdirSync(folder);
    }
    writeFileSync(join(target, 'report.txt'), `${formatLoadReport(report)}\n`);
    writeFileSync(join(target, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    this.log(`inbox: ${batch.files.length} file(s) ${report.outcome} → ${target}`);
  }
}
