import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { SourceFile } from './read';

/**
 * Data files are recognised by content, but only these endings are picked up from a folder
 * (.xls too, so that an old workbook is told what to do rather than passed over in silence).
 */
export const DATA_FILE = /\.(csv|tsv|txt|xlsx|xls)$/i;

/**
 * Expands folders into their data files (sorted by name) and keeps files as given. Files are
 * named by their base name, or by their path relative to the working directory where two base
 * names collide (may/window_daily.csv and june/window_daily.csv).
 */
export function collectFiles(paths: readonly string[]): SourceFile[] {
  const files = collectByBaseName(paths);
  const seen = new Map<string, number>();
  for (const f of files) seen.set(f.name, (seen.get(f.name) ?? 0) + 1);
  return files.map((f) => (seen.get(f.name)! > 1 ? { ...f, name: relative('.', f.path!) } : f));
}

function collectByBaseName(paths: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  for (const p of paths) {
    const full = resolve(p);
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) {
        const child = join(full, name);
        if (DATA_FILE.test(name) && statSync(child).isFile()) files.push({ name, path: child });
      }
    } else {
      files.push({ name: basename(full), path: full });
    }
  }
  return files;
}
