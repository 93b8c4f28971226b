import type { FlagWithSources } from '../weeks/oversight.server';

/** The JSON shape of a flag in /api/flags and `npm run flags -- --json` (snake_case keys). */
export function toApiFlag(f: FlagWithSources) {
  return {
    type: f.type,
    district_code: f.districtCode,
    district_name: f.districtName,
    department: f.department,
    period: f.period,
    severity: f.severity,
    title_zh: f.titleZh,
    title_en: f.titleEn,
    evidence: f.evidence,
    first_seen: f.firstSeen,
    open_periods: f.openPeriods,
    open_beyond_history: f.openBeyondHistory,
    sources: f.sources.map((s) => ({
      kind: s.kind,
      file_name: s.fileName,
      sha256: s.sha256,
      loaded_at: s.loadedAt,
    })),
  };
}
