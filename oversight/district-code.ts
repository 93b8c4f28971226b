/**
 * The administrative division code that names a district everywhere — in a CSV row, a URL, a
 * report option, a user's scope: 6 digits (GB/T 2260), or the 9- and 12-digit township forms.
 * One pattern and one schema, so a code one road accepts no other road refuses.
 */
import { z } from 'zod';

/** Unanchored, for SQL's regexp_full_match as well as the RegExp below. */
export const DISTRICT_CODE_PATTERN = '\\d{6}(\\d{3}|\\d{6})?';
const DISTRICT_CODE = new RegExp(`^${DISTRICT_CODE_PATTERN}$`);

export const isDistrictCode = (s: string): boolean => DISTRICT_CODE.test(s);

export const districtCodeSchema = z.string().regex(DISTRICT_CODE);
