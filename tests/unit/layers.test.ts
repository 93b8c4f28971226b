/**
 * The import directions of the README's layout, as lint enforces them: a wrong-way import is a
 * lint error, so CI fails on it.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('import directions', () => {
  it.each([
    ['oversight/x.ts', "import { db } from '../app/db.server';", 'the domain reaching into app/'],
    [
      'oversight/flags/x.ts',
      "import { sql } from '../../db/client';",
      'the domain reaching into db/',
    ],
    ['oversight/x.ts', "import { load } from '../etl/load';", 'the domain reaching into etl/'],
    ['oversight/x.ts', "import { readFileSync } from 'node:fs';", 'the domain doing I/O'],
    [
      'oversight/x.ts',
      "import { DuckDBInstance } from '@duckdb/node-api';",
      'the domain opening DuckDB',
    ],
    ['db/queries/x.ts', "import { t } from '../../app/i18n';", 'db/ reaching into app/'],
    ['db/x.ts', "import { load } from '../etl/load';", 'db/ reaching into etl/'],
    ['etl/x.ts', "import { db } from '../app/db.server';", 'etl/ reaching into app/'],
    ['etl/x.ts', "import { db } from '~/db.server';", 'etl/ reaching into app/ by its alias'],
    ['app/routes/x.tsx', "import { load } from '../../etl/load';", 'a page loading data itself'],
  ])('refuses %s: %s (%s)', async (file, source) => {
    expect(await restricted(file, `${source}\nexport {};\n`)).toBe(true);
  });

  it.each([
    ['db/queries/x.ts', "import type { District } from '../../oversight/inputs';"],
    ['etl/x.ts', "import { weekPeriod } from '../oversight/period';"],
    ['oversight/flags/x.ts', "import { addDays } from '../period';"],
    ['oversight/x.ts', "import { z } from 'zod';"],
    ['app/upload/x.ts', "import { load } from '../../etl/load';"],
  ])('allows %s: %s', async (file, source) => {
    expect(await restricted(file, `${source}\nexport {};\n`)).toBe(false);
  });
});
