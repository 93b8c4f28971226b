/**
 * What a request may ask of the cases, validated once with zod for the JSON API and the forms
 * alike (a form's fields are gathered into the same object first: formFields below).
 */
import { z } from 'zod';
import type { Bilingual } from '../../oversight/bilingual';
import { CASE_ACTIONS, CASE_KINDS } from '../../oversight/cases';
import { districtCodeSchema } from '../../oversight/district-code';
import { FLAG_TYPES } from '../../oversight/types';

const isoDate = z.iso.date();

export const openCaseInput = z.object({
  district_code: districtCodeSchema,
  department: z.string().trim().min(1).max(50),
  flag_types: z.array(z.enum(FLAG_TYPES)).min(1).max(FLAG_TYPES.length),
  /** The ISO week whose flags the case is opened from, e.g. 2020-W34. */
  week: z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/),
  kind: z.enum(CASE_KINDS).default('deadline'),
  /** long_term only: the date the unit must be done by. */
  due_date: isoDate.nullish(),
  note: z.string().trim().max(2000).nullish(),
});
export type OpenCaseInput = z.infer<typeof openCaseInput>;

/** reopen is the system's (回头看), never a request's. */
const REQUESTABLE = CASE_ACTIONS.filter((a) => a !== 'reopen') as [
  Exclude<(typeof CASE_ACTIONS)[number], 'reopen'>,
  ...Exclude<(typeof CASE_ACTIONS)[number], 'reopen'>[],
];

export const caseActionInput = z.object({
  action: z.enum(REQUESTABLE),
  /** Why: required to reject or override. */
  reason: z.string().trim().max(4000).nullish(),
  /** respond: the measures taken, and the day they took effect (today when absent). */
  measures: z.string().trim().max(4000).nullish(),
  responded_on: isoDate.nullish(),
  /** The revision the actor saw; a case moved since then is not moved again (409). */
  revision: z.coerce.number().int().min(0).nullish(),
});
export type CaseActionInput = z.infer<typeof caseActionInput>;

export const caseListInput = z.object({
  state: z.enum(['issued', 'acknowledged', 'responded', 'verifying', 'closed']).optional(),
  warning: z.enum(['none', 'yellow', 'red']).optional(),
  district: districtCodeSchema.optional(),
  department: z.string().trim().min(1).max(50).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  /** Only cases not yet closed. */
  open: z.enum(['1']).optional(),
  sort: z.enum(['id', 'deadline', 'district', 'state']).default('id'),
});
export type CaseListInput = z.infer<typeof caseListInput>;

const FIELD_NAMES: Record<string, Bilingual> = {
  district_code: { zh: '区县代码', en: 'district_code' },
  department: { zh: '部门', en: 'department' },
  flag_types: { zh: '预警类型', en: 'flag_types' },
  week: { zh: '周次', en: 'week' },
  kind: { zh: '整改类型', en: 'kind' },
  due_date: { zh: '完成日期', en: 'due_date' },
  note: { zh: '说明', en: 'note' },
  action: { zh: '操作', en: 'action' },
  reason: { zh: '理由', en: 'reason' },
  measures: { zh: '整改措施', en: 'measures' },
  responded_on: { zh: '整改完成日期', en: 'responded_on' },
  revision: { zh: '版本', en: 'revision' },
};

/** A zod failure as one bilingual sentence naming the fields. */
export function inputProblem(error: z.ZodError): Bilingual {
  const fields = [...new Set(error.issues.map((i) => String(i.path[0] ?? '')))];
  const names = fields.map((f) => FIELD_NAMES[f] ?? { zh: f, en: f });
  return {
    zh: `以下字段缺失或无效：${names.map((n) => n.zh).join('、')}`,
    en: `missing or invalid: ${names.map((n) => n.en).join(', ')}`,
  };
}

/** A form's fields as the object the schemas read: repeated fields (flag_types) as lists. */
export function formFields(form: FormData, lists: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
    if (lists.includes(key)) out[key] = values.filter((v) => v !== '');
    else if (values[0] !== undefined && values[0] !== '') out[key] = values[0];
  }
  return out;
}
