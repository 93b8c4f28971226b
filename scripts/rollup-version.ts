/** npm run rollup:version — records the rollup code's fingerprint in db/rollup-version.ts. */
import { writeFileSync } from 'node:fs';
import { rollupFingerprint } from './rollup-fingerprint';

const version = rollupFingerprint(process.cwd());
writeFileSync(
  'db/rollup-version.ts',
  `// Written by \`npm run rollup:version\` from the code the rollups are made by
// (scripts/rollup-fingerprint.ts); tests/unit/rollup-version.test.ts fails when it is stale.
// Rollups stored by another version are ignored by readers and rebuilt on the next start or load.
export const ROLLUP_VERSION = '${version}';
`,
);
console.log(`ROLLUP_VERSION ${version}`);
