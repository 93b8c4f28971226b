/**
 * The administrative division code that names a district everywhere — in a CSV row, a URL, a
 * report option, a user's scope: 6 digits (GB/T 2260), or the 9- and 12-digit township forms.
 * One pattern and one schema, so a code one road accepts no other road refuses.
 */
import { z } from 'zod';

const DISTRICT_CODE = /^\d{6}(\d{3}|\d{6})?$/;

export const isDistrictCode = (s: string): boolean => DISTRICT_CODE.test(s);

export const districtCodeSchema = z.string().regex(DISTRICT_CODE);
