/**
 * Cases as the JSON API gives them: snake_case, both languages where words are shown, and the
 * rules' verdict of today (warning, what the data says about closing, the caller's actions).
 */
import { STATE_NAMES, KIND_NAMES, WARNING_NAMES } from '../../oversight/cases';
import { isoWeekOf } from '../../oversight/period';
import type { CaseDetail, CaseView } from './cases.server';

export function toApiCase(c: CaseView) {
  return {
    id: c.caseId,
    state: c.state,
    state_zh: STATE_NAMES[c.state].zh,
    kind: c.kind,
    kind_zh: KIND_NAMES[c.kind].zh,
    district_code: c.districtCode,
    district_name: c.districtName,
    department: c.department,
    week: isoWeekOf(c.weekStart),
    flag_types: c.flagTypes,
    note: c.note,
    opened_at: c.openedAt,
    opened_by: c.openedBy,
    opened_automatically: c.openedAutomatically,
    deadline: c.deadline,
    allowed_working_days: c.allowedWorkingDays,
    warning: c.warning,
    warning_zh: WARNING_NAMES[c.warning].zh,
    responded_on: c.respondedOn,
    measures: c.measures,
    closed_on: c.closedOn,
    closed_by_override: c.closedByOverride,
    reopen_count: c.reopenCount,
    revision: c.revision,
    verification: {
      clear: c.verification.clear,
      clean_weeks: c.verification.cleanWeeks,
      reason: c.verification.reason,
    },
    actions: c.actions,
  };
}

export function toApiCaseDetail(d: CaseDetail) {
  return {
    ...toApiCase(d.case),
    flags: d.frozen.map((f) => ({
      type: f.type,
      severity: f.severity,
      title_zh: f.titleZh,
      title_en: f.titleEn,
      evidence: f.evidence,
      period: f.period,
      first_seen: f.firstSeen,
    })),
    events: d.events.map((e) => ({
      at: e.occurredAt,
      actor: e.actor,
      actor_role: e.actorRole,
      action: e.action,
      from: e.fromState,
      to: e.toState,
      text: e.text,
      detail: e.detail,
    })),
    files: d.files.map((f) => ({
      id: f.fileId,
      name: f.fileName,
      media_type: f.mediaType,
      bytes: f.bytes,
      sha256: f.sha256,
      uploaded_at: f.uploadedAt,
      uploaded_by: f.uploadedBy,
    })),
  };
}
