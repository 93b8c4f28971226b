import { date, districtCode, oneOf, text } from './codecs';
import type { Contract } from './types';

export const supervisionAction = oneOf({
  training: '业务培训',
  guidance: '驻点指导',
  inspection: '督导检查',
  evaluation: '评估',
  rectification: '整改通知',
});

/** Follow-up after a delegation: training, on-site guidance, inspection… (监管跟进). */
export const supervisionContract: Contract = {
  kind: 'supervision',
  table: 'supervision',
  title: { zh: '监管跟进记录', en: 'Supervision follow-ups' },
  columns: [
    { key: 'date', zh: ['日期'], codec: date, required: true },
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: true },
    { key: 'department', zh: ['业务条线'], codec: text, required: true },
    // Blank means the action covered all of the department's powers delegated to the district.
    { key: 'power_code', zh: ['事权编码'], codec: text, required: false, whenBlank: '' },
    { key: 'action_type', zh: ['跟进类型'], codec: supervisionAction, required: true },
    { key: 'performed_by', zh: ['执行单位'], codec: text, required: true },
    { key: 'notes', zh: ['备注'], codec: text, required: false, whenBlank: null },
  ],
  naturalKey: ['date', 'district_code', 'department', 'power_code', 'action_type', 'performed_by'],
  districtColumns: ['district_code'],
};
