/**
 * `npm run flags` as an operator or a scheduled alert runs it: a child process reading the
 * database at DATABASE_PATH (loaded here with the demo and closed first — DuckDB lets one process
 * open a file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS, PLANTED } from '../../etl/demo/planted';
import { demoDatabaseFile, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/db';

const HAN = /\p{Script=Han}/u;

let dir: string;
let cleanup: () => void;
let databasePath: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('flags-cli-'));
  databasePath = await demoDatabaseFile(dir, 'flags-cli.test');
});
afterAll(() => cleanup?.());

/** Runs the CLI; resolves with its exit code and output whatever the code. */
async function flagsCli(...args: string[]) {
  return runCli('app/cli/flags.ts', args, databasePath, 30_000);
}

describe('npm run flags', () => {
  const t = PLANTED.throttling;
  const districtName = DEMO_DISTRICTS.find((d) => d.code === t.district)!.name;

  it('--week 2020-W34 --json prints the JSON array, with the planted throttling', async () => {
    const { code, stdout, stderr } = await flagsCli('--week', '2020-W34', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const flags = JSON.parse(stdout) as Record<string, unknown>[];
    expect(Array.isArray(flags)).toBe(true);
    expect(flags).toContainEqual(
      expect.objectContaining({
        type: 'ticket_throttling',
        district_code: t.district,
        district_name: districtName,
        department: t.department,
        first_seen: t.weeks[0],
        evidence: expect.objectContaining({ throttledDays: expect.any(Number) }),
      }),
    );
    for (const f of flags) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'type',
          'district_code',
          'district_name',
          'department',
          'severity',
          'title_zh',
          'title_en',
          'evidence',
          'first_seen',
        ]),
      );
    }
  });

  it('--week 2020-W34 prints a table naming the district', async () => {
    const { code, stdout } = await flagsCli('--week', '2020-W34');
    expect(code).toBe(0);
    const line = stdout.split('\n').find((l) => l.includes('ticket_throttling'));
    expect(line).toBeDefined();
    expect(line).toContain(districtName);
    expect(line).toContain(t.district);
    expect(line).toContain(t.department);
  });

  it.each([
    { case: '--week 2020-W99', args: ['--week', '2020-W99'], mentions: 'W99' },
    {
      case: '--week 2020-W34 --type bogus',
      args: ['--week', '2020-W34', '--type', 'bogus'],
      mentions: 'type',
    },
  ])(
    '$case exits 2 with a message in both languages and no stack trace',
    async ({ args, mentions }) => {
      const { code, stdout, stderr } = await flagsCli(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const [message] = stderr.split('\n');
      expect(message).toMatch(HAN);
      expect(message).toMatch(/[a-z]{3,}/i);
      expect(message).toContain(mentions);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toMatch(/Error:/);
    },
  );
});
