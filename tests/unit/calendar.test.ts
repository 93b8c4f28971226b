import { describe, expect, it } from 'vitest';
import {
  districtWorkingDays,
  isOfficialWorkingDay,
  OFFICIAL_CALENDAR,
  OFFICIAL_CALENDAR_YEARS,
  officialDay,
} from '../../oversight/calendar';
import { isoWeekday } from '../../oversight/period';

describe('the official working-day calendar', () => {
  it('bundles the State Council notices from 2019 to 2026', () => {
    expect(OFFICIAL_CALENDAR_YEARS).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('knows the National Day week of 2020: 1–8 October off, Sunday 27 Sept and Saturday 10 Oct worked', () => {
    for (let d = 1; d <= 8; d++) {
      expect(isOfficialWorkingDay(`2020-10-0${d}`), `10-0${d}`).toBe(false);
    }
    expect(officialDay('2020-10-08')).toEqual({
      date: '2020-10-08',
      kind: 'holiday',
      name: '国庆节',
    });
    expect(isOfficialWorkingDay('2020-09-27')).toBe(true);
    expect(isOfficialWorkingDay('2020-10-10')).toBe(true);
    expect(isOfficialWorkingDay('2020-10-09')).toBe(true);
  });

  it('knows the Dragon Boat festival of 2020 and its make-up Sunday', () => {
    expect(['2020-06-25', '2020-06-26'].map(isOfficialWorkingDay)).toEqual([false, false]);
    expect(isOfficialWorkingDay('2020-06-28')).toBe(true);
  });

  it('keeps 2020’s Spring Festival as extended to 2 February, without the cancelled make-up day', () => {
    expect(isOfficialWorkingDay('2020-01-31')).toBe(false);
    expect(isOfficialWorkingDay('2020-02-01')).toBe(false);
    expect(isOfficialWorkingDay('2020-02-03')).toBe(true);
  });

  it('knows 2026: a nine-day Spring Festival with Saturday 14 and 28 February worked', () => {
    expect(isOfficialWorkingDay('2026-02-23')).toBe(false);
    expect(isOfficialWorkingDay('2026-02-14')).toBe(true);
    expect(isOfficialWorkingDay('2026-02-28')).toBe(true);
  });

  it('is Monday to Friday where no notice says otherwise, in every year', () => {
    expect(isOfficialWorkingDay('2020-08-18')).toBe(true);
    expect(isOfficialWorkingDay('2020-08-22')).toBe(false);
    expect(isOfficialWorkingDay('2027-03-03')).toBe(true);
    expect(isOfficialWorkingDay('2027-03-06')).toBe(false);
  });

  it('has make-up working days only on weekends, and no date twice', () => {
    for (const day of OFFICIAL_CALENDAR.filter((d) => d.kind === 'workday')) {
      expect(isoWeekday(day.date), day.date).toBeGreaterThanOrEqual(6);
    }
    const dates = OFFICIAL_CALENDAR.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
  });
});

describe("a district's working days with the city's own calendar over the official one", () => {
  const loaded = [
    { date: '2020-12-14', districtCode: '230124', dayKind: 'holiday' as const },
    { date: '2020-12-15', districtCode: '', dayKind: 'holiday' as const },
    { date: '2020-12-15', districtCode: '230102', dayKind: 'workday' as const },
    { date: '2027-01-09', districtCode: '', dayKind: 'workday' as const },
  ];

  it('closes a district on its own closure day, and no other district', () => {
    expect(districtWorkingDays(loaded, '230124')('2020-12-14')).toBe(false);
    expect(districtWorkingDays(loaded, '230102')('2020-12-14')).toBe(true);
  });

  it("lets a district's row win over the city's, and the city's over the official calendar", () => {
    expect(districtWorkingDays(loaded, '230124')('2020-12-15')).toBe(false);
    expect(districtWorkingDays(loaded, '230102')('2020-12-15')).toBe(true);
    // A make-up Saturday of a year whose notice is not bundled, loaded by the city.
    expect(districtWorkingDays(loaded, '230103')('2027-01-09')).toBe(true);
    expect(districtWorkingDays([], '230103')('2027-01-09')).toBe(false);
  });

  it('is the official calendar where the city loaded nothing', () => {
    expect(districtWorkingDays([], '230102')('2020-10-08')).toBe(false);
    expect(districtWorkingDays([], '230102')('2020-10-10')).toBe(true);
  });
});
