// Written by `npm run rollup:version` from the code the rollups are made by
// (scripts/rollup-fingerprint.ts); tests/unit/rollup-version.test.ts fails when it is stale.
// Rollups stored by another version are ignored by readers and rebuilt on the next start or load.
export const ROLLUP_VERSION = 'fa6752a95fe32857';
