/**
 * The rectification loop's rules (oversight/cases.ts): every transition and who may take it,
 * deadlines in working days, the yellow and red cards, and closing only on the data's word.
 */
import { describe, expect, it } from 'vitest';
import { isOfficialWorkingDay } from '../../oversight/calendar';
import {
  addWorkingDays,
  availableActions,
  CASE_ACTIONS,
  CASE_STATES,
  deadlineOf,
  returnedFlag,
  transition,
  verify,
  warningOf,
  type CaseAction,
  type CaseState,
  type CaseWeek,
} from '../../oversight/cases';

const CLEAR = { clear: true, cleanWeeks: ['2020-W37', '2020-W38'], reason: null };
const ROLES = ['commission', 'leader', 'district_officer', 'admin', 'data_officer'] as const;

/** The legal moves, written out by hand: [from, action, role(s), to]. */
const LEGAL: [CaseState, CaseAction, readonly string[], CaseState][] = [
  ['issued', 'acknowledge', ['district_officer'], 'acknowledged'],
  ['acknowledged', 'respond', ['district_officer'], 'responded'],
  ['responded', 'verify', ['commission', 'leader'], 'verifying'],
  ['responded', 'reject', ['commission', 'leader'], 'acknowledged'],
  ['verifying', 'reject', ['commission', 'leader'], 'acknowledged'],
  ['verifying', 'close', ['commission', 'leader'], 'closed'],
  ['issued', 'override', ['commission'], 'closed'],
  ['acknowledged', 'override', ['commission'], 'closed'],
  ['responded', 'override', ['commission'], 'closed'],
  ['verifying', 'override', ['commission'], 'closed'],
];

/** Who may take an action at all, in some state. */
const TAKERS: Record<CaseAction, readonly string[]> = {
  acknowledge: ['district_officer'],
  respond: ['district_officer'],
  verify: ['commission', 'leader'],
  reject: ['commission', 'leader'],
  close: ['commission', 'leader'],
  override: ['commission'],
  reopen: ['system'],
};

describe('case transitions', () => {
  for (const [from, action, roles, to] of LEGAL) {
    for (const role of roles) {
      it(`${role}: ${from} —${action}→ ${to}`, () => {
        const r = transition({
          state: from,
          action,
          actor: { role, inScope: true },
          reason: 'measures taken',
          verification: CLEAR,
        });
        expect(r).toEqual({ ok: true, to, override: action === 'override' });
      });
    }
  }

  it('system: closed —reopen→ acknowledged (回头看), and nobody else may reopen', () => {
    expect(
      transition({ state: 'closed', action: 'reopen', actor: { role: 'system', inScope: true } }),
    ).toEqual({ ok: true, to: 'acknowledged', override: false });
    for (const role of ROLES) {
      const r = transition({ state: 'closed', action: 'reopen', actor: { role, inScope: true } });
      expect(r.ok).toBe(false);
    }
  });

  it('refuses every other state for an action with 409 and a reason in both languages', () => {
    for (const action of CASE_ACTIONS) {
      const role = TAKERS[action][0]!;
      for (const state of CASE_STATES) {
        const legal =
          LEGAL.some(([f, a]) => f === state && a === action) ||
          (action === 'reopen' && state === 'closed');
        if (legal) continue;
        const r = transition({
          state,
          action,
          actor: { role, inScope: true },
          reason: 'x',
          verification: CLEAR,
        });
        expect(r, `${state} ${action}`).toMatchObject({ ok: false, status: 409 });
        if (!r.ok) {
          expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
          expect(r.reason.en).toMatch(/[a-z]/);
        }
      }
    }
  });

  it('refuses a role that may never take the action with 403, whatever the state', () => {
    for (const action of CASE_ACTIONS) {
      for (const role of ROLES.filter((r) => !TAKERS[action].includes(r))) {
        for (const state of CASE_STATES) {
          const r = transition({ state, action, actor: { role, inScope: true }, reason: 'x' });
          expect(r, `${role} ${action} ${state}`).toMatchObject({ ok: false, status: 403 });
        }
      }
    }
  });

  it('refuses a district officer acting on another district’s case', () => {
    const r = transition({
      state: 'issued',
      action: 'acknowledge',
      actor: { role: 'district_officer', inScope: false },
    });
    expect(r).toMatchObject({ ok: false, status: 403 });
  });

  it('requires the measures for a response and a written reason to reject or override', () => {
    for (const [state, action, role] of [
      ['acknowledged', 'respond', 'district_officer'],
      ['verifying', 'reject', 'commission'],
      ['verifying', 'override', 'commission'],
    ] as const) {
      for (const reason of [undefined, '', '   ']) {
        const r = transition({ state, action, actor: { role, inScope: true }, reason });
        expect(r, `${action} ${JSON.stringify(reason)}`).toMatchObject({ ok: false, status: 422 });
      }
    }
  });

  it('refuses to close while the data does not show the flag gone, saying why', () => {
    const stillThere = verify(['ticket_throttling'], '2020-09-02', [
      week('2020-W37', ['ticket_throttling']),
      week('2020-W38', ['ticket_throttling']),
    ]);
    const r = transition({
      state: 'verifying',
      action: 'close',
      actor: { role: 'commission', inScope: true },
      verification: stillThere,
    });
    expect(r).toMatchObject({ ok: false, status: 409 });
    if (!r.ok) expect(r.reason.en).toContain('2020-W38');
  });

  it('offers a district officer acknowledge, then respond; a commission member the rest', () => {
    const officer = { role: 'district_officer', inScope: true };
    const commission = { role: 'commission', inScope: true };
    expect(availableActions('issued', officer)).toEqual(['acknowledge']);
    expect(availableActions('acknowledged', officer)).toEqual(['respond']);
    expect(availableActions('responded', officer)).toEqual([]);
    expect(availableActions('responded', commission)).toEqual(['verify', 'reject', 'override']);
    expect(availableActions('verifying', commission)).toEqual(['reject', 'close', 'override']);
    expect(availableActions('verifying', { role: 'leader', inScope: true })).toEqual([
      'reject',
      'close',
    ]);
    expect(availableActions('closed', commission)).toEqual([]);
    expect(availableActions('issued', { role: 'admin', inScope: true })).toEqual([]);
  });
});

const week = (label: string, flagTypes: string[] = [], more: Partial<CaseWeek> = {}): CaseWeek => ({
  week: label,
  complete: true,
  reported: true,
  flagTypes,
  ...more,
});

describe('verification against the data', () => {
  const types = ['ticket_throttling'];

  it('clears after two complete, reported weeks without the flag after the response week', () => {
    // Responded Wednesday of W36: W36 itself does not count.
    const v = verify(types, '2020-09-02', [week('2020-W36'), week('2020-W37'), week('2020-W38')]);
    expect(v).toEqual({ clear: true, cleanWeeks: ['2020-W37', '2020-W38'], reason: null });
  });

  it('does not clear on one week, nor on the response week itself', () => {
    const v = verify(types, '2020-09-02', [week('2020-W36'), week('2020-W37')]);
    expect(v.clear).toBe(false);
    expect(v.cleanWeeks).toEqual(['2020-W37']);
    expect(v.reason?.en).toContain('1 so far');
  });

  it('does not clear when the flag came back in the latest week', () => {
    const v = verify(types, '2020-09-02', [
      week('2020-W37'),
      week('2020-W38'),
      week('2020-W39', ['ticket_throttling']),
    ]);
    expect(v.clear).toBe(false);
    expect(v.reason?.zh).toContain('2020-W39');
  });

  it('is not fooled by a week without data: no report, no flag, no proof', () => {
    const v = verify(types, '2020-09-02', [
      week('2020-W37'),
      week('2020-W38', [], { reported: false }),
    ]);
    expect(v.clear).toBe(false);
    expect(v.reason?.en).toContain('no window data in 2020-W38');
  });

  it('ignores the week still in progress and other flag types', () => {
    const v = verify(types, '2020-09-02', [
      week('2020-W37', ['complaint_surge']),
      week('2020-W38'),
      week('2020-W39', ['ticket_throttling'], { complete: false }),
    ]);
    expect(v.clear).toBe(true);
  });

  it('needs a response first', () => {
    expect(verify(types, null, [week('2020-W37'), week('2020-W38')]).clear).toBe(false);
  });
});

describe('回头看: a returning flag reopens a closed case', () => {
  const types = ['delegated_without_supervision'];
  it('finds the first complete week with the same type within 8 weeks of data after closing', () => {
    const weeks = [
      week('2020-W40'),
      week('2020-W41', ['complaint_surge']),
      week('2020-W43', types),
    ];
    expect(returnedFlag(types, '2020-W40', weeks)).toEqual({
      week: '2020-W43',
      type: 'delegated_without_supervision',
    });
  });

  it('leaves the case closed when it returns only after the 8 weeks, or not at all', () => {
    // Closed when W40 was the latest complete week; the window is W41–W48.
    expect(returnedFlag(types, '2020-W40', [week('2020-W49', types)])).toBeNull();
    expect(returnedFlag(types, '2020-W40', [week('2020-W48', types)])).not.toBeNull();
    expect(returnedFlag(types, '2020-W40', [week('2020-W40', types)])).toBeNull();
    expect(
      returnedFlag(types, '2020-W40', [week('2020-W42', types, { complete: false })]),
    ).toBeNull();
  });
});

describe('deadlines and warnings in working days', () => {
  const isWorking = isOfficialWorkingDay;

  it('counts 5 and 15 official working days, skipping weekends and the National Day week', () => {
    // Opened Friday 2020-09-25: Sunday 27 is a make-up working day, then Mon 28, Tue 29,
    // Wed 30; 1–8 October are off; Friday 9 is the fifth.
    expect(deadlineOf('immediate', '2020-09-25', isWorking)).toEqual({
      deadline: '2020-10-09',
      allowedWorkingDays: 5,
    });
    expect(addWorkingDays('2020-08-24', 15, isWorking)).toBe('2020-09-14');
    expect(deadlineOf('deadline', '2020-08-24', isWorking)).toEqual({
      deadline: '2020-09-14',
      allowedWorkingDays: 15,
    });
  });

  it('takes a long-term case’s own due date, which must lie after the opening day', () => {
    expect(deadlineOf('long_term', '2020-08-24', isWorking, '2020-12-31')).toMatchObject({
      deadline: '2020-12-31',
    });
    expect(deadlineOf('long_term', '2020-08-24', isWorking, '2020-08-24')).toHaveProperty('error');
    expect(deadlineOf('long_term', '2020-08-24', isWorking, null)).toHaveProperty('error');
  });

  const c = (state: CaseState) => ({
    state,
    clockFrom: '2020-08-24',
    deadline: '2020-09-14',
    allowedWorkingDays: 15,
  });

  it('turns yellow at 80 % of the working days allowed and red after the deadline', () => {
    // 11 working days used by Tue 2020-09-08 (73 %), 12 by Wed 09-09 (80 %).
    expect(warningOf(c('acknowledged'), '2020-09-08', isWorking)).toBe('none');
    expect(warningOf(c('acknowledged'), '2020-09-09', isWorking)).toBe('yellow');
    expect(warningOf(c('issued'), '2020-09-14', isWorking)).toBe('yellow');
    expect(warningOf(c('issued'), '2020-09-15', isWorking)).toBe('red');
  });

  it('stops the clock once the unit has responded', () => {
    for (const state of ['responded', 'verifying', 'closed'] as const) {
      expect(warningOf(c(state), '2020-10-30', isWorking)).toBe('none');
    }
  });
});
