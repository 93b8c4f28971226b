/**
 * The inbox a bureau's nightly export lands in: settled batches are loaded through load() and
 * moved to loaded/ or rejected/ with the report beside them.
 */
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { InboxWatcher, type InboxBatch } from '../../etl/inbox';
import { load } from '../../etl/load';
import { freshDb, tableCounts, tempDir } from '../helpers/db';
import { allContents, dataRowCount, fixturePath, fixtureText } from './etl-support';

let db: Db;
let inbox: string;
let cleanup: () => void;
let log: string[];
let batches: InboxBatch[];

beforeEach(async () => {
  db = await freshDb();
  ({ dir: inbox, cleanup } = tempDir('inbox-'));
  log = [];
  batches = [];
});
afterEach(() => {
  db.close();
  cleanup();
});

function watcher(settleMs = 0, now: () => number = Date.now) {
  return new InboxWatcher(
    inbox,
    settleMs,
    (batch) => {
      batches.push(batch);
      return load(db, batch.files, { source: 'inbox', loadedBy: 'inbox' });
    },
    (line) => log.push(line),
    now,
  );
}

function drop(name: string, folder = inbox) {
  mkdirSync(folder, { recursive: true });
  copyFileSync(fixturePath(name), join(folder, name));
}

/** The one batch folder under loaded/ or rejected/, and what it holds. */
function filedUnder(outcome: 'loaded' | 'rejected') {
  const root = join(inbox, outcome);
  const folders = existsSync(root) ? readdirSync(root) : [];
  expect(folders).toHaveLength(1);
  const folder = join(root, folders[0]!);
  return {
    name: folders[0]!,
    files: readdirSync(folder).sort(),
    report: readFileSync(join(folder, 'report.txt'), 'utf8'),
  };
}

describe('the inbox', () => {
  it('loads loose good files and moves them to loaded/ with the report', async () => {
    drop('districts-en.csv');
    drop('window-daily-zh.csv');
    await watcher().tick();

    expect(await tableCounts(db)).toMatchObject({
      districts: dataRowCount('districts-en.csv'),
      window_daily: dataRowCount('window-daily-zh.csv'),
    });
    const loaded = filedUnder('loaded');
    expect(loaded.files).toEqual([
      'districts-en.csv',
      'report.json',
      'report.txt',
      'window-daily-zh.csv',
    ]);
    expect(loaded.report).toContain('已导入 / loaded');
    expect(loaded.report).toContain('window-daily-zh.csv (window_daily');
    expect(readdirSync(inbox).sort()).toEqual(['loaded']);
    expect(existsSync(join(inbox, 'rejected'))).toBe(false);
  });

  it('loads an Excel workbook dropped beside a CSV, sheet by sheet, and files it under loaded/', async () => {
    drop('districts-zh.csv');
    copyFileSync(fixturePath('quirks/workbook.xlsx'), join(inbox, '8月窗口日报.xlsx'));
    await watcher().tick();
    expect(await tableCounts(db)).toMatchObject({ districts: 5, window_daily: 5 });
    const loaded = filedUnder('loaded');
    expect(loaded.files).toEqual([
      '8月窗口日报.xlsx',
      'districts-zh.csv',
      'report.json',
      'report.txt',
    ]);
    expect(loaded.report).toContain('8月窗口日报.xlsx#8月 (window_daily, xlsx)');
    expect(loaded.report).toContain('已跳过工作表「填报说明」');
  });

  it('moves a sub-folder with a bad file to rejected/ with the errors listed, loading nothing', async () => {
    drop('districts-en.csv');
    await watcher().tick();
    const before = await allContents(db);

    const nightly = join(inbox, 'nightly-0818');
    drop('complaints-en.csv', nightly);
    drop('window-daily-bad.csv', nightly);
    await watcher().tick();

    expect(await allContents(db)).toEqual(before);
    const rejected = filedUnder('rejected');
    expect(rejected.name).toContain('nightly-0818');
    expect(rejected.files).toEqual([
      'complaints-en.csv',
      'report.json',
      'report.txt',
      'window-daily-bad.csv',
    ]);
    for (const error of [
      'window-daily-bad.csv:1 [visitors/到场人数]',
      'window-daily-bad.csv:3 [tickets_issued] "-5": 不能为负数 / must not be negative',
      'window-daily-bad.csv:5 [date] "2020-13-04"',
      'window-daily-bad.csv:6 [district_code] "999999"',
    ]) {
      expect(rejected.report).toContain(error);
    }
    expect(rejected.report).toContain('已拒绝，未导入任何数据 / rejected, nothing was loaded');
    expect(existsSync(join(nightly, 'window-daily-bad.csv'))).toBe(false);
  });

  it('does not load the rejected or loaded batches again', async () => {
    drop('districts-en.csv');
    const inboxWatcher = watcher();
    await inboxWatcher.tick();
    await inboxWatcher.tick();
    expect(batches).toHaveLength(1);
  });

  it('waits until a file still being written has settled', async () => {
    let clock = 1_000_000;
    const inboxWatcher = watcher(5_000, () => clock);
    const path = join(inbox, 'districts.csv');
    const [header, ...rows] = fixtureText('districts-en.csv').split('\n');

    writeFileSync(path, `${header}\n${rows[0]}\n`); // the copy has begun
    await inboxWatcher.tick();
    expect(batches).toHaveLength(0);

    clock += 3_000;
    appendFileSync(path, `${rows.slice(1).join('\n')}`); // and goes on
    await inboxWatcher.tick();
    expect(batches).toHaveLength(0);

    clock += 4_000; // 4 s since the last change: not yet settled
    await inboxWatcher.tick();
    expect(batches).toHaveLength(0);

    clock += 1_000; // 5 s since the last change
    await inboxWatcher.tick();
    expect(batches).toHaveLength(1);
    expect(await tableCounts(db)).toMatchObject({ districts: dataRowCount('districts-en.csv') });
    expect(filedUnder('loaded').files).toContain('districts.csv');
  });
});
