import { describe, expect, it } from 'vitest';
import {
  calendarLabels,
  complaintsLabels,
  heatGridLabels,
  leagueLabels,
  onlineLabels,
  ticketsLabels,
  timelineLabels,
} from '../../app/charts/labels';
import { formatters, type Lang } from '../../app/i18n';

const DISTRICT = '道里区';

/** Every string in a labels object, however nested. */
const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : typeof v === 'object' && v !== null
      ? Object.values(v).flatMap(strings)
      : [];

describe.each<Lang>(['zh', 'en'])('chart labels in %s', (lang) => {
  const f = formatters(lang);
  const all = {
    tickets: ticketsLabels(f, {
      district: DISTRICT,
      from: '2020-06-29',
      to: '2020-08-23',
      throttledDays: 12,
    }),
    online: onlineLabels(f, { district: DISTRICT, forecast: null }),
    complaints: complaintsLabels(f, DISTRICT),
    timeline: timelineLabels(f, DISTRICT),
    calendar: calendarLabels(f, DISTRICT),
    league: leagueLabels(f, { title: 'T', metric: 'online_rate', valueAxis: 'V' }),
    heat: heatGridLabels(f, { met: '●', near: '◐', missed: '○', no_data: '–' }),
  };

  it('fills every label with words, never an empty string or a message key', () => {
    for (const [chart, labels] of Object.entries(all)) {
      for (const s of strings(labels)) {
        expect(s.trim(), chart).not.toBe('');
        expect(s, chart).not.toMatch(/^[a-z]+\.[a-zA-Z_.]+$/);
      }
    }
  });

  it('names the district in the online subtitle whatever the forecast says', () => {
    for (const forecast of [null, { reachedBy: null }, { reachedBy: '2020-11-30' }]) {
      expect(onlineLabels(f, { district: DISTRICT, forecast }).subtitle).toMatch(
        new RegExp(`^${DISTRICT} · `),
      );
    }
    expect(
      onlineLabels(f, { district: DISTRICT, forecast: { reachedBy: '2020-11-30' } }).subtitle,
    ).toContain('2020-11-30');
  });

  it('counts the throttled days in the tickets description', () => {
    expect(all.tickets.description).toContain('12');
    expect(all.tickets.description).toContain(DISTRICT);
  });
});
