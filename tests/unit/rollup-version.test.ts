import { describe, expect, it } from 'vitest';
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
