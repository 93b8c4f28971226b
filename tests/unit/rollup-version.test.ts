import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLUP_VERSION } from '../../db/rollup-version';
import { rollupFingerprint } from '../../scripts/rollup-fingerprint';

describe('the rollup version', () => {
  it('is the fingerprint of the code the rollups are made by', () => {
    expect(
      ROLLUP_VERSION,
      'the rule, aggregation or rollup code changed: run `npm run rollup:version` so stored rollups are rebuilt',
    ).toBe(rollupFingerprint(process.cwd()));
  });
});

describe('the fingerprint', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rollup-version-'));
    for (const dir of ['oversight', 'db', 'etl']) cpSync(dir, join(root, dir), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const rules = () => join(root, 'oversight/flags/config.ts');

  it('does not move for a comment or a reformat', () => {
    const before = rollupFingerprint(root);
    appendFileSync(rules(), '\n// A note on why a threshold is what it is.\n\n\n');
    expect(rollupFingerprint(root)).toBe(before);
  });

  it('moves when a rule changes what it computes', () => {
    const before = rollupFingerprint(root);
    appendFileSync(rules(), '\nexport const stricter = { graceDays: 15 };\n');
    expect(rollupFingerprint(root)).not.toBe(before);
  });

  it('moves when the aggregation SQL changes', () => {
    const before = rollupFingerprint(root);
    appendFileSync(join(root, 'db/queries/scorecard.ts'), '\nexport const changed = 1;\n');
    expect(rollupFingerprint(root)).not.toBe(before);
  });
});
