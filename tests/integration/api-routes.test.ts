/**
 * The JSON resource routes, called the way Remix calls them, over the demo data registered as
 * the process's database: their input is validated into a 400 in both languages, a week without
 * data is "no data", and the flags carry the fields the issue names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { setProcessDb } from '../../db/handle';
import { randomBytes } from 'node:crypto';
import { setSessionSecret } from '../../app/auth/secret.server';
import { tokenOf } from '../helpers/auth';
import { getLastDataDate } from '../../db/queries/districts';
import { CITY_SCOPE } from '../../db/scope';
import { loader as flagsLoader } from '../../app/routes/api.flags';
import { loader as scorecardLoader } from '../../app/routes/api.scorecard';
import { gunzipSync } from 'node:zlib';
import { loadScorecard } from '../../app/weeks/oversight.server';
import { isoWeekOf, latestCompleteWeek, weekPeriod } from '../../oversight/period';
import { scorecardApiDocument } from '../../oversight/scorecard-store';
import { FLAG_TYPES, METRICS } from '../../oversight/types';
import { DEMO_PERIOD, PLANTED } from '../../etl/demo/planted';
import { demoDb } from '../helpers/db';

type Loader = typeof flagsLoader | typeof scorecardLoader;

interface ApiFlag {
  type: string;
  district_code: string;
  district_name: string;
  department: string;
  severity: string;
  title_zh: string;
  title_en: string;
  evidence: Record<string, unknown>;
  first_seen: string;
}

/** A week full of planted flags (throttling, surge, unresolved, delegation, online), high and medium. */
const WEEK = '2020-W33';
const HAN = /\p{Script=Han}/u;

let db: Db;

let token: string;

beforeAll(async () => {
  db = await demoDb('api-routes.test');
  setSessionSecret(randomBytes(32));
  // A script with a commission member's API token, as /api/* is meant to be used.
  token = await tokenOf(db, 'api-commission', 'commission');
  setProcessDb(db);
});
afterAll(() => {
  setProcessDb(undefined);
  db?.close();
});

/** Calls a loader; a thrown Response (an expected failure) is returned like any other. */
async function call(
  loader: Loader,
  query: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const path = loader === flagsLoader ? 'flags' : 'scorecard';
  try {
    return await loader({
      request: new Request(`http://x/api/${path}${query}`, {
        headers: { Authorization: `Bearer ${token}`, ...headers },
      }),
      params: {},
      context: {},
    });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

async function flags(query: string): Promise<ApiFlag[]> {
  const response = await call(flagsLoader, query);
  expect(response.status).toBe(200);
  return (await response.json()) as ApiFlag[];
}

/** Reads a 400 and checks it explains itself in Chinese and in English. */
async function expectBadRequest(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { zh: string; en: string } };
  expect(body.error.zh).toMatch(HAN);
  expect(body.error.en).toMatch(/[a-z]{3}/i);
  expect(body.error.en).not.toMatch(HAN);
  return body.error;
}

describe('a malformed period is a 400 with a message in both languages', () => {
  it.each([
    { route: 'flags', loader: flagsLoader as Loader },
    { route: 'scorecard', loader: scorecardLoader as Loader },
  ])('/api/$route', async ({ loader }) => {
    for (const query of [
      '?week=2020-W99',
      '?week=2020-W00',
      '?week=last-week',
      '?week=2020-13',
      '?week=2020-08-17',
      '?period=2020-08-31..2020-08-01',
    ]) {
      const error = await expectBadRequest(await call(loader, query));
      expect(error.en.length, query).toBeGreaterThan(10);
    }
  });

  it('names the week that is wrong', async () => {
    const error = await expectBadRequest(await call(flagsLoader, '?week=2020-W99'));
    expect(error.en).toContain('W99');
    expect(error.zh).toContain('W99');
  });
});

describe('a week with no data is "no data", not an error', () => {
  it('/api/scorecard says noData', async () => {
    const response = await call(scorecardLoader, '?week=2019-W10');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { noData: boolean; hasData: boolean; units: unknown[] };
    expect(body.noData).toBe(true);
    expect(body.hasData).toBe(false);
  });

  it('/api/flags is an empty array', async () => {
    expect(await flags('?week=2019-W10')).toEqual([]);
  });
});

describe('/api/flags', () => {
  let all: ApiFlag[];
  beforeAll(async () => {
    all = await flags(`?week=${WEEK}`);
  });

  it('lists the flags of the week, each with the fields the issue names', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const f of all) {
      expect(FLAG_TYPES).toContain(f.type);
      expect(f.district_code).toMatch(/^\d{6}$/);
      expect(f.district_name).toMatch(HAN);
      expect(typeof f.department).toBe('string');
      expect(['high', 'medium', 'low']).toContain(f.severity);
      expect(f.title_zh).toMatch(HAN);
      expect(f.title_en).toMatch(/^[\x20-\x7E×–—]+$/);
      expect(f.evidence).toBeTypeOf('object');
      expect(f.first_seen).toMatch(/^\d{4}-W\d{2}$/);
      expect(f.first_seen <= WEEK).toBe(true);
    }
  });

  it('includes the planted throttling, first seen in the first planted week', () => {
    const t = PLANTED.throttling;
    expect(all).toContainEqual(
      expect.objectContaining({
        type: 'ticket_throttling',
        district_code: t.district,
        department: t.department,
        first_seen: t.weeks[0],
      }),
    );
  });

  it('is plain JSON: no BigInt, no DuckDB values, numbers as numbers', () => {
    const throttling = all.find((f) => f.type === 'ticket_throttling')!;
    expect(throttling.evidence.throttledDays).toBeTypeOf('number');
    expect(throttling.evidence.ticketsIssued).toBeTypeOf('number');
  });

  it.each<{ filter: string; keep: (f: ApiFlag) => boolean }>([
    { filter: 'type=ticket_throttling', keep: (f) => f.type === 'ticket_throttling' },
    {
      filter: 'type=delegated_without_supervision',
      keep: (f) => f.type === 'delegated_without_supervision',
    },
    {
      filter: `district=${PLANTED.supervisionGap[1]!.district}`,
      keep: (f) => f.district_code === PLANTED.supervisionGap[1]!.district,
    },
    { filter: 'department=社保', keep: (f) => f.department === '社保' },
    { filter: 'severity=medium', keep: (f) => f.severity === 'medium' },
    {
      filter: `type=online_target_missed&district=${PLANTED.throttling.district}`,
      keep: (f) =>
        f.type === 'online_target_missed' && f.district_code === PLANTED.throttling.district,
    },
  ])('?$filter keeps exactly those flags', async ({ filter, keep }) => {
    const filtered = await flags(`?week=${WEEK}&${encodeURI(filter)}`);
    const expected = all.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(filtered).toEqual(expected);
  });

  it.each([
    'type=throttling',
    'type=TICKET_THROTTLING',
    'district=abc',
    'district=23010',
    'severity=urgent',
  ])('?%s is a 400', async (filter) => {
    const error = await expectBadRequest(await call(flagsLoader, `?week=${WEEK}&${filter}`));
    expect(error.en).toContain(filter.split('=')[0]);
  });
});

describe('/api/scorecard', () => {
  it('gives each district and the city every metric with value, counts, target and status, and a rank', async () => {
    const response = await call(scorecardLoader, `?week=${WEEK}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      noData: boolean;
      period: { label: string };
      city: { metrics: Record<string, unknown> };
      units: { districtCode: string; rank: number | null; metrics: Record<string, unknown> }[];
    };
    expect(body.noData).toBe(false);
    expect(body.period.label).toBe(WEEK);
    for (const unit of [body.city, ...body.units]) {
      expect(Object.keys(unit.metrics).sort()).toEqual([...METRICS].sort());
    }
    const daoli = body.units.find((u) => u.districtCode === PLANTED.throttling.district)!;
    expect(daoli.rank).toBeTypeOf('number');
    expect(daoli.metrics.online_rate).toEqual(
      expect.objectContaining({
        value: expect.any(Number),
        numerator: expect.any(Number),
        denominator: expect.any(Number),
        target: expect.objectContaining({ value: expect.any(Number) }),
        status: 'missed',
      }),
    );
  });

  it('sends a stored week gzip-compressed to clients that accept it, the same document as computed from the raw tables', async () => {
    const question = { scope: CITY_SCOPE, period: weekPeriod(WEEK), department: null };
    const computed = scorecardApiDocument(
      await loadScorecard(db, { ...question, useRollups: false }),
    );
    const zipped = await call(scorecardLoader, `?week=${WEEK}`, { 'Accept-Encoding': 'gzip, br' });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toBe('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(computed);
    const plain = await call(scorecardLoader, `?week=${WEEK}`, { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(plain.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await plain.text()).toBe(computed);
  });

  it('narrows to one department', async () => {
    const response = await call(
      scorecardLoader,
      `?week=${WEEK}&department=${encodeURIComponent('医保')}`,
    );
    const body = (await response.json()) as { department: string; units: { department: string }[] };
    expect(body.department).toBe('医保');
    expect(body.units.every((u) => u.department === '医保')).toBe(true);
  });

  it('defaults to the latest complete week with data', async () => {
    const response = await call(scorecardLoader, '');
    const body = (await response.json()) as { period: { label: string } };
    const last = await getLastDataDate(db, CITY_SCOPE);
    expect(last).toBe(DEMO_PERIOD.to);
    expect(body.period.label).toBe(latestCompleteWeek(last!).label);
    expect(body.period.label < isoWeekOf(last!)).toBe(true);
  });
});
