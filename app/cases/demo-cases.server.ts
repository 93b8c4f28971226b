/**
 * `npm run demo`'s rectification cases, so a newcomer sees the loop at once. They are made the
 * way people would have made them in the autumn of 2020, through the same openCase/actOnCase
 * as the pages, on the clock of that day: the rules, not this file, decide each outcome.
 *
 * - 道里区 医保 ticket throttling and out-of-queue handling (W34): answered, then closed on
 *   the data once W38 and W39 showed neither.
 * - 道里区 医保 powers delegated without supervision (W34): acknowledged, never answered —
 *   long past its deadline, a red card.
 * - 道里区 医保 online items (W34): closed by override on the district's promise; the flag
 *   was back in W36, so 回头看 reopens it when the server first reads the cases.
 * - 木兰县 医保 missing reports (W41): answered, waiting for the commission to verify.
 */
import type { Db } from '../../db/client';
import { listCases } from '../../db/queries/cases';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { DEMO_DISTRICT } from '../auth/demo-users.server';
import { actOnCase, openCase, type CaseActorInfo, type CaseOutcome } from './cases.server';
import type { CaseActionInput, OpenCaseInput } from './input';

const commission: CaseActorInfo = {
  username: 'commission',
  role: 'commission',
  scope: CITY_SCOPE,
  ip: null,
};
const leader: CaseActorInfo = { ...commission, username: 'leader', role: 'leader' };
const officer = (district: string): CaseActorInfo => ({
  username: district === DEMO_DISTRICT ? 'daoli' : `district-${district}`,
  role: 'district_officer',
  scope: districtScope([district]),
  ip: null,
});

/** Beijing time on a 2020 day, as epoch milliseconds. */
const at = (day: string, time = '10:00') => Date.parse(`${day}T${time}:00+08:00`);

type Step = [CaseActorInfo, string, Omit<CaseActionInput, 'revision'>];

interface DemoCase {
  opener: CaseActorInfo;
  on: string;
  open: OpenCaseInput;
  steps: Step[];
}

const DAOLI_MEDICAL = { district_code: DEMO_DISTRICT, department: '医保', week: '2020-W34' };

const DEMO_CASES: DemoCase[] = [
  {
    opener: commission,
    on: '2020-08-24',
    open: {
      ...DAOLI_MEDICAL,
      flag_types: ['ticket_throttling', 'out_of_queue_handling'],
      kind: 'deadline',
      note: '日放号60张、可办理120件，群众连夜排队；窗口为中介插队办理',
    },
    steps: [
      [officer(DEMO_DISTRICT), '2020-08-25', { action: 'acknowledge' }],
      [
        officer(DEMO_DISTRICT),
        '2020-09-07',
        {
          action: 'respond',
          measures: '自9月7日起按可办理量全额放号，号源每日公开；关闭窗口“绿色通道”代办，专人巡查',
          responded_on: '2020-09-06',
        },
      ],
      [commission, '2020-09-14', { action: 'verify' }],
      [commission, '2020-09-28', { action: 'close' }],
    ],
  },
  {
    opener: commission,
    on: '2020-08-24',
    open: {
      ...DAOLI_MEDICAL,
      flag_types: ['delegated_without_supervision'],
      kind: 'deadline',
      note: '6月22日下放45项医保事权，未培训、未跟踪监管',
    },
    steps: [[officer(DEMO_DISTRICT), '2020-08-26', { action: 'acknowledge' }]],
  },
  {
    opener: leader,
    on: '2020-08-24',
    open: { ...DAOLI_MEDICAL, flag_types: ['online_target_missed'], kind: 'immediate' },
    steps: [
      [officer(DEMO_DISTRICT), '2020-08-25', { action: 'acknowledge' }],
      [
        officer(DEMO_DISTRICT),
        '2020-09-01',
        {
          action: 'respond',
          measures: '已安排上线剩余21项，月底前全部完成',
          responded_on: '2020-09-01',
        },
      ],
      [
        commission,
        '2020-09-04',
        { action: 'override', reason: '区县书面承诺9月底前全部上线，先行销号' },
      ],
    ],
  },
  {
    opener: commission,
    on: '2020-10-12',
    open: {
      district_code: '230127',
      department: '医保',
      week: '2020-W41',
      flag_types: ['missing_reports'],
      kind: 'immediate',
    },
    steps: [
      [officer('230127'), '2020-10-13', { action: 'acknowledge' }],
      [
        officer('230127'),
        '2020-10-16',
        {
          action: 'respond',
          measures: '系统故障已修复，缺报日报已补报',
          responded_on: '2020-10-16',
        },
      ],
    ],
  },
];

/** Opens the demo cases unless there are cases already; returns how many were made. */
export async function createDemoCases(db: Db): Promise<number> {
  if ((await listCases(db, CITY_SCOPE)).length > 0) return 0;
  let made = 0;
  for (const demo of DEMO_CASES) {
    const opened = expectOk(await openCase(db, demo.opener, demo.open, at(demo.on, '09:00')));
    let revision = opened.revision;
    for (const [actor, day, input] of demo.steps) {
      revision = expectOk(
        await actOnCase(db, actor, opened.caseId, { ...input, revision }, at(day)),
      ).revision;
    }
    made++;
  }
  return made;
}

function expectOk(outcome: CaseOutcome) {
  if (!outcome.ok) throw new Error(`demo case refused: ${outcome.reason.en}`);
  return outcome.case;
}
