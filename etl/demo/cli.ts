/**
 * `npx tsx etl/demo/cli.ts [--out data/demo] [--seed N]` — writes the demo files and prints one
 * line per file: name, data rows, bytes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoFiles } from './generate';

const USAGE = 'usage: tsx etl/demo/cli.ts [--out DIR] [--seed N]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'data/demo' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new Error(`--seed must be an integer, got ${values.seed}\n${USAGE}`);
  }
  const paths = await writeDemoFiles(values.out, { seed });
  for (const file of paths) {
    const bytes = await readFile(file);
    // Every file ends with a newline and has one header line; 0x0A is never part of a GB18030
    // multi-byte character, so counting it works for every encoding used.
    const rows = bytes.filter((b) => b === 0x0a).length - 1;
    console.log(
      `${path.basename(file).padEnd(26)} ${String(rows).padStart(6)} rows ${String(bytes.length).padStart(9)} bytes`,
    );
  }
  console.log(`wrote ${paths.length} files to ${path.resolve(values.out)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
