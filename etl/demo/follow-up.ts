/** delegations.csv and supervision.csv for the demo: powers handed down, then followed up (or not). */
import { fromDay, isWorkingDay, toDay } from './calendar';
import {
  CITY_BUREAU,
  DELEGATION_BATCHES,
  PLANTED,
  TIMELY_SUPERVISION,
  type Department,
} from './planted';
import { createRng, formatTable, periodEnd, type Cell, type Rng } from './plumbing';
import { POWER_NAMES } from './powers';
import { DISTRICT_UNITS, isPlanted } from './units';

export const DELEGATIONS_HEADER = [
  '批次',
  '通知日期',
  '事权编码',
  '事权名称',
  '业务条线',
  '下放单位',
  '承接区划代码',
  '承接日期',
];
export const SUPERVISION_HEADER = [
  'date',
  'district_code',
  'department',
  'power_code',
  'action_type',
  'performed_by',
  'notes',
];

// ---------------------------------------------------------------------------------------------
// delegations.csv — UTF-8, Chinese headers; every power of a batch to every district

export function buildDelegations(): string {
  const rows: Cell[][] = [];
  for (const batch of DELEGATION_BATCHES) {
    const powers = batchPowers(batch.department, batch.codePrefix, batch.count);
    for (const district of DISTRICT_UNITS) {
      for (const power of powers) {
        rows.push([
          batch.batch,
          batch.noticeDate,
          power.code,
          power.name,
          batch.department,
          batch.fromUnit,
          district.code,
          batch.effective,
        ]);
      }
    }
  }
  return formatTable(DELEGATIONS_HEADER, rows);
}

function batchPowers(
  department: Department,
  prefix: string,
  count: number,
): { code: string; name: string }[] {
  const names = POWER_NAMES[department];
  if (names.length !== count) {
    throw new Error(`${department}: ${names.length} power names for a batch of ${count}`);
  }
  return names.map((name, i) => ({ code: `${prefix}-${String(i + 1).padStart(3, '0')}`, name }));
}

// ---------------------------------------------------------------------------------------------
// supervision.csv — UTF-8, English headers and action codes

type ActionType = 'training' | 'guidance' | 'inspection' | 'evaluation' | 'rectification';

interface Action {
  day: number;
  district: string;
  department: Department;
  powerCode: string;
  type: ActionType;
}

const NOTES: Readonly<Record<ActionType, readonly string[]>> = {
  training: ['承接事项业务培训 覆盖全部下放事权', '窗口人员下放事权办理流程培训'],
  guidance: ['派员驻点指导窗口办理', '现场指导承接事项办理流程'],
  inspection: ['承接事项办理情况督导检查', '随机抽查承接事项办件'],
  evaluation: ['下放事权承接运行情况评估', '承接能力阶段性评估'],
  rectification: ['针对督查发现问题下发整改通知', '限期整改办件超时问题'],
};

export function buildSupervision(seed: number): string {
  const actions: Action[] = [];
  for (const batch of DELEGATION_BATCHES) {
    const powers = batchPowers(batch.department, batch.codePrefix, batch.count);
    for (const district of DISTRICT_UNITS) {
      const rng = createRng(seed, `supervision:${batch.batch}:${district.code}`);
      const act = (day: number, type: ActionType, powerCode = ''): void => {
        actions.push({
          day,
          district: district.code,
          department: batch.department,
          powerCode,
          type,
        });
      };
      const gap = PLANTED.supervisionGap.find(
        (g) => g.batch === batch.batch && isPlanted(g, district.code, batch.department),
      );
      const effective = toDay(batch.effective);
      let last: number;
      if (gap) {
        last = toDay(gap.firstActionDate);
        act(last, gap.actionType);
        if (gap.actionType === 'training') {
          last = workingDayBetween(last, TIMELY_SUPERVISION.inspectionAfterDays, rng);
          act(last, 'inspection');
        }
      } else {
        act(workingDayBetween(effective, TIMELY_SUPERVISION.trainingAfterDays, rng), 'training');
        last = workingDayBetween(effective, TIMELY_SUPERVISION.inspectionAfterDays, rng);
        act(last, 'inspection');
      }
      // Periodic follow-ups; some aimed at one power, some inspections ending in a rectification.
      for (;;) {
        last = workingDayBetween(last, TIMELY_SUPERVISION.periodicEveryDays, rng);
        if (last > periodEnd()) break;
        const type = rng.weighted(['inspection', 'guidance', 'evaluation'] as const, [5, 3, 2]);
        const powerCode = rng.next() < 0.3 ? rng.pick(powers).code : '';
        act(last, type, powerCode);
        if (type === 'inspection' && !district.wellRun && rng.next() < 0.2) {
          const fix = workingDayBetween(last, [7, 14], rng);
          if (fix <= periodEnd()) act(fix, 'rectification', powerCode);
        }
      }
    }
  }
  actions.sort(
    (a, b) =>
      a.day - b.day ||
      a.district.localeCompare(b.district) ||
      a.department.localeCompare(b.department) ||
      a.type.localeCompare(b.type),
  );
  const rows = actions.map((a) => {
    const rng = createRng(seed, `notes:${a.day}:${a.district}:${a.department}:${a.type}`);
    return [
      fromDay(a.day),
      a.district,
      a.department,
      a.powerCode,
      a.type,
      CITY_BUREAU[a.department],
      rng.pick(NOTES[a.type]),
    ];
  });
  return formatTable(SUPERVISION_HEADER, rows);
}

/** A working day from..to days after `day` (inclusive), chosen at random. */
function workingDayBetween(day: number, [from, to]: readonly [number, number], rng: Rng): number {
  const candidates: number[] = [];
  for (let d = day + from; d <= day + to; d++) if (isWorkingDay(d)) candidates.push(d);
  return rng.pick(candidates);
}
