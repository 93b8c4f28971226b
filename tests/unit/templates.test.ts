import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '../../etl/contract';
import { load } from '../../etl/load';
import { renderTemplates, renderTemplateWorkbook, TEMPLATE_WORKBOOK } from '../../etl/templates';
import { workbookSheets, readSheetRows } from '../../etl/xlsx';
import type { SourceFile } from '../../etl/read';
import { freshDb } from '../helpers/db';

const dir = new URL('../../public/templates/', import.meta.url);
const rendered = renderTemplates();
const template = (name: string): Buffer => {
  const file = rendered.find((f) => f.name === name);
  if (!file) throw new Error(`renderTemplates() gives no ${name}`);
  return file.content;
};

describe('committed templates', () => {
  it('are exactly the files renderTemplates() gives', () => {
    expect(
      readdirSync(dir).sort(),
      'public/templates differs from renderTemplates(): run `npm run templates` and delete files it no longer writes',
    ).toEqual([...rendered.map((f) => f.name), TEMPLATE_WORKBOOK].sort());
  });

  it.each(rendered.map((f) => [f.name, f.content] as const))(
    '%s is up to date with the data contract',
    (name, content) => {
      expect(
        readFileSync(new URL(name, dir)).toString('utf8'),
        `public/templates/${name} is out of date: run \`npm run templates\``,
      ).toBe(content.toString('utf8'));
    },
  );

  it('write the Chinese templates with a BOM, so Excel reads them as UTF-8', () => {
    for (const c of CONTRACTS) {
      expect(template(`${c.kind}.zh.csv`).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(template(`${c.kind}.csv`)[0]).not.toBe(0xef);
    }
  });
});

describe.each([
  ['English', ''],
  ['Chinese', '.zh'],
])('%s templates load through the real ETL', (_language, suffix) => {
  const districts = { name: `districts${suffix}.csv`, bytes: template(`districts${suffix}.csv`) };

  it.each(CONTRACTS.map((c) => c.kind))('%s', async (kind) => {
    const name = `${kind}${suffix}.csv`;
    const files = kind === 'districts' ? [districts] : [districts, { name, bytes: template(name) }];
    const db = await freshDb();
    try {
      const report = await load(db, files, { source: 'test', loadedBy: 'test' });
      expect(report.errors).toEqual([]);
      expect(report.errorCount).toBe(0);
      expect(report.outcome).toBe('committed');
      const file = report.files.at(-1)!;
      // Recognised from its header alone, every column claimed, both example rows stored.
      expect(file.kind).toBe(kind);
      expect(file.warnings).toEqual([]);
      expect(file.inserted).toBe(2);
      expect(file.encoding).toBe(suffix ? 'utf-8-bom' : 'utf-8');
    } finally {
      db.close();
    }
  });
});

/** Every sheet of a workbook as rows of cells, as the loader reads them. */
async function sheetsOf(file: SourceFile): Promise<Record<string, string[][]>> {
  const out: Record<string, string[][]> = {};
  for (const sheet of await workbookSheets(file)) {
    const rows: string[][] = [];
    await readSheetRows(sheet, { rows: (block) => rows.push(...block) });
    out[sheet.sheet!.name] = rows;
  }
  return out;
}

describe('the template workbook', () => {
  const committed = { name: TEMPLATE_WORKBOOK, path: new URL(TEMPLATE_WORKBOOK, dir).pathname };

  it('is up to date with the data contract', async () => {
    const fresh = await sheetsOf({ name: 'fresh.xlsx', bytes: await renderTemplateWorkbook() });
    expect(
      await sheetsOf(committed),
      `public/templates/${TEMPLATE_WORKBOOK} is out of date: run \`npm run templates\``,
    ).toEqual(fresh);
  });

  it('has a sheet per kind that loads, all in one batch, to what the Chinese CSV templates load', async () => {
    const fromCsv = await freshDb();
    const fromBook = await freshDb();
    try {
      const csv = CONTRACTS.map((c) => ({
        name: `${c.kind}.zh.csv`,
        bytes: template(`${c.kind}.zh.csv`),
      }));
      const a = await load(fromCsv, csv, { source: 'test', loadedBy: 'test' });
      const b = await load(fromBook, [committed], { source: 'test', loadedBy: 'test' });
      expect(b.errors).toEqual([]);
      expect(b.outcome).toBe('committed');
      expect(b.files.map((f) => f.kind)).toEqual(CONTRACTS.map((c) => c.kind));
      expect(b.files.every((f) => f.warnings.length === 0)).toBe(true);
      for (const c of CONTRACTS) {
        const sql = `SELECT * EXCLUDE (batch_id) FROM ${c.table} ORDER BY ALL`;
        expect(await fromBook.all({ sql }), c.kind).toEqual(await fromCsv.all({ sql }));
      }
      expect(a.outcome).toBe('committed');
    } finally {
      fromCsv.close();
      fromBook.close();
    }
  });
});
