import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '../../etl/contract';
import { load } from '../../etl/load';
import { renderTemplates } from '../../etl/templates';
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
    ).toEqual(rendered.map((f) => f.name).sort());
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
