import { date, districtCode, text } from './codecs';
import type { Contract } from './types';

/** The register of powers handed down to districts (事权下放), one row per power per district. */
export const delegationsContract: Contract = {
  kind: 'delegations',
  table: 'delegations',
  title: { zh: '事权下放清单', en: 'Delegated powers' },
  columns: [
    { key: 'batch', zh: ['批次'], codec: text, required: true },
    { key: 'notice_date', zh: ['通知日期'], codec: date, required: true },
    { key: 'power_code', zh: ['事权编码'], codec: text, required: true },
    { key: 'power_name', zh: ['事权名称'], codec: text, required: true },
    { key: 'department', zh: ['业务条线'], codec: text, required: true },
    { key: 'from_unit', zh: ['下放单位'], codec: text, required: true },
    { key: 'district_code', zh: ['承接区划代码', '区划代码'], codec: districtCode, required: true },
    { key: 'effective_date', zh: ['承接日期'], codec: date, required: true },
  ],
  naturalKey: ['power_code', 'district_code'],
  districtColumns: ['district_code'],
  checkRow(row) {
    if ((row.effective_date as string) < (row.notice_date as string)) {
      return {
        column: 'effective_date',
        reason: { zh: '承接日期早于通知日期', en: 'effective before the notice date' },
      };
    }
    return null;
  },
};
