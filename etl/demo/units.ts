/** The demo city's reporting units (the city bureau and the districts) and their service centres. */

import {
  DEMO_CITY,
  DEMO_DEPARTMENTS,
  DEMO_DISTRICTS,
  PLANTED,
  type Department,
  type DemoDistrict,
  type DistrictLevel,
} from './planted';

// ---------------------------------------------------------------------------------------------
// Units: the city-level unit and the districts, and their service centres

export interface Unit extends DemoDistrict {
  wellRun: boolean;
}

export const CITY_UNIT: Unit = {
  code: DEMO_CITY.code,
  name: DEMO_CITY.name,
  level: DEMO_CITY.level,
  population: DEMO_DISTRICTS.reduce((sum, d) => sum + d.population, 0),
  wellRun: false,
};

export const DISTRICT_UNITS: readonly Unit[] = DEMO_DISTRICTS.map((d) => ({
  ...d,
  wellRun: PLANTED.wellRun.includes(d.code),
}));

/** The city first, then its districts: every unit that reports online items and complaints. */
export const ALL_UNITS: readonly Unit[] = [CITY_UNIT, ...DISTRICT_UNITS];

export const DEPARTMENT_CODE: Readonly<Record<Department, string>> = { 医保: 'YB', 社保: 'SB' };

export const LEVEL_LABEL: Readonly<Record<DistrictLevel, string>> = {
  city: '市',
  district: '区',
  county: '县',
  county_city: '县级市',
};

export interface Centre {
  unit: Unit;
  department: Department;
  code: string;
  name: string;
  capacity: number;
}

/** One centre per district and department, plus the city's own 医保 centre (市本级). */
export const CENTRES: readonly Centre[] = [
  {
    unit: CITY_UNIT,
    department: '医保',
    code: `${CITY_UNIT.code}-${DEPARTMENT_CODE['医保']}`,
    name: `${CITY_UNIT.name}市本级医保服务中心`,
    capacity: 200,
  },
  ...DISTRICT_UNITS.flatMap((unit) =>
    DEMO_DEPARTMENTS.map((department) => ({
      unit,
      department,
      code: `${unit.code}-${DEPARTMENT_CODE[department]}`,
      name: `${unit.name}${department}服务中心`,
      capacity: isPlanted(PLANTED.throttling, unit.code, department)
        ? PLANTED.throttling.capacity
        : capacityFor(unit.population, department),
    })),
  ),
];

/** Daily capacity 80–200 by population; 社保 centres are a little smaller. */
export function capacityFor(population: number, department: Department): number {
  const scaled = 80 + (120 * (population - 150_000)) / (1_100_000 - 150_000);
  const sized = department === '社保' ? scaled * 0.8 : scaled;
  return Math.min(200, Math.max(80, Math.round(sized / 10) * 10));
}

export function isPlanted(
  pattern: { district: string; department: Department },
  district: string,
  department: Department,
): boolean {
  return pattern.district === district && pattern.department === department;
}
