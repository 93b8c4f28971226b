/**
 * The data contract: which kinds of file exist, and how a header row is matched to one.
 * A file's kind is recognised from its header set, never from its name.
 */
import type { Reason } from './codecs';
import { calendarContract } from './calendar';
import { complaintsContract } from './complaints';
import { delegationsContract } from './delegations';
import { districtsContract } from './districts';
import { onlineAvailabilityContract } from './online-availability';
import { supervisionContract } from './supervision';
import { targetsContract } from './targets';
import type { Column, Contract, Kind } from './types';
import { windowDailyContract } from './window-daily';

export * from './types';

/** In load order: the district registry first, since every other kind refers to it. */
export const CONTRACTS: readonly Contract[] = [
  districtsContract,
  windowDailyContract,
  onlineAvailabilityContract,
  complaintsContract,
  delegationsContract,
  supervisionContract,
  targetsContract,
  calendarContract,
];

export function contractFor(kind: Kind): Contract {
  const c = CONTRACTS.find((x) => x.kind === kind);
  if (!c) throw new Error(`no contract for kind ${kind}`);
  return c;
}

/**
 * Header cells are compared trimmed and case-insensitively, ignoring a unit in brackets
 * ("平均等候时长（分钟）") and spaces or underscores ("Ticket Capacity").
 */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/[（(][^）)]*[）)]$/, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '');
}

function namesOf(column: Column): string[] {
  return [column.key, ...(column.aliases ?? []), ...column.zh].map(normaliseHeader);
}

export interface HeaderMatch {
  contract: Contract;
  /** For each contract column, the index of the file column holding it, or -1. */
  sourceIndex: number[];
  missingRequired: Column[];
  /** Header cells no column claims: ignored, with a warning. */
  extra: string[];
  duplicated: string[];
}

export function matchHeader(contract: Contract, header: readonly string[]): HeaderMatch {
  const normalised = header.map(normaliseHeader);
  const claimed = new Set<number>();
  const duplicated: string[] = [];
  const sourceIndex = contract.columns.map((column) => {
    const names = namesOf(column);
    const hits = normalised.flatMap((h, i) => (names.includes(h) ? [i] : []));
    if (hits.length > 1) duplicated.push(header[hits[1]!]!.trim());
    hits.forEach((i) => claimed.add(i));
    return hits[0] ?? -1;
  });
  return {
    contract,
    sourceIndex,
    missingRequired: contract.columns.filter((c, i) => c.required && sourceIndex[i] === -1),
    extra: header.filter((h, i) => !claimed.has(i) && h.trim() !== '').map((h) => h.trim()),
    duplicated,
  };
}

export type KindResult =
  { ok: true; match: HeaderMatch } | { ok: false; reason: Reason; closest: HeaderMatch | null };

const requiredShare = (m: HeaderMatch) => {
  const required = m.contract.columns.filter((c) => c.required).length;
  return (required - m.missingRequired.length) / required;
};

/**
 * The kind whose required columns the header covers best. A header that covers at least half
 * of one kind's required columns, and more than any other kind's, is taken as that kind, so
 * its missing columns can be reported next to the row errors rather than instead of them.
 */
export function recogniseKind(header: readonly string[], forced?: Kind): KindResult {
  if (forced) return { ok: true, match: matchHeader(contractFor(forced), header) };
  const ranked = CONTRACTS.map((c) => matchHeader(c, header)).sort(
    (a, b) =>
      requiredShare(b) - requiredShare(a) ||
      b.sourceIndex.filter((i) => i >= 0).length - a.sourceIndex.filter((i) => i >= 0).length,
  );
  const [best, second] = ranked;
  if (!best) throw new Error('no contracts');
  const complete = (m: HeaderMatch | undefined) =>
    m !== undefined && m.missingRequired.length === 0;
  const clearlyBest =
    requiredShare(best) >= 0.5 && (!second || requiredShare(best) > requiredShare(second));
  if (complete(best) || clearlyBest) return { ok: true, match: best };
  const missing = best.missingRequired.map((c) => `${c.key}/${c.zh[0]}`).join(', ');
  return {
    ok: false,
    closest: best,
    reason: {
      zh: `无法识别文件类型：表头最接近「${best.contract.title.zh}」(${best.contract.kind})，但缺少列 ${missing}`,
      en: `unrecognised header: closest kind is ${best.contract.kind} (${best.contract.title.en}), missing ${missing}`,
    },
  };
}
