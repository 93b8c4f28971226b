/**
 * The rollup version, derived from the code that makes the rollups: the flag rules and their
 * configuration, the metric and league-table rules, the aggregation SQL and the rollup builder.
 * Each file is transpiled with comments removed, so a comment, a type or a formatting change
 * does not rebuild national-scale rollups, while any change to what runs does.
 *
 * `npm run rollup:version` writes the hash into db/rollup-version.ts; tests/unit/rollup-version
 * fails when the recorded hash is not the code's. The server never reads sources at run time.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * What a stored week's numbers and flags depend on: the code on the rollup builder's path from
 * the raw tables to unit_week, flag_week and scorecard_week. Left out, on purpose: db/client.ts
 * and db/schema.ts (they move types and name columns; a new column comes with code here that
 * reads it), db/migrations (a migration that changes what the rollups mean changes the code
 * that writes them), and everything in app/ (readers only).
 */
const SOURCES = [
  'oversight', // every rule: periods, metrics, targets, ranking, scorecard, flags, the stored forms
  'db/queries/scorecard.ts', // the components' sums, unit_week and scorecard_week
  'db/queries/flags.ts', // what the rules read, and flag_week
  'db/queries/periods.ts', // the period spans the sums are grouped by
  'db/queries/targets.ts', // the targets the weeks are judged against
  'db/queries/districts.ts', // the registry: names, levels, the city's own units
  'db/scope.ts', // the city scope every rollup query runs in
  'db/queries/rollups.ts', // which rows a load can have changed …
  'db/staging.ts', // … read from the staged batch
  'etl/rollups.ts', // which weeks are rebuilt and how they are stored
];

/**
 * Domain code no rollup runs: the rectification loop and the attention block read flags,
 * never write them.
 */
const NOT_ON_THE_PATH = new Set(['oversight/cases.ts', 'oversight/attention.ts']);

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (path.endsWith('.ts')) return [path];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(root, join(path, e.name)) : [join(path, e.name)]))
    .filter((f) => f.endsWith('.ts'));
}

export function rollupFingerprint(root: string): string {
  const hash = createHash('sha256');
  const files = SOURCES.flatMap((s) => filesUnder(root, s))
    .filter((f) => !NOT_ON_THE_PATH.has(f.replaceAll('\\', '/')))
    .sort();
  for (const file of files) {
    const { outputText } = ts.transpileModule(readFileSync(join(root, file), 'utf8'), {
      compilerOptions: {
        removeComments: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
      },
    });
    hash.update(relative(root, join(root, file)).replaceAll('\\', '/'));
    hash.update('\0');
    hash.update(outputText);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
