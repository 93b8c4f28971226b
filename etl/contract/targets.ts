import { date, districtCode, oneOf, targetValue, text } from './codecs';
import type { Contract } from './types';

/** Metric names a target can be set for (see oversight for their definitions). */
export const targetMetric = oneOf({
  online_rate: '网办率',
  ticket_utilization: '放号率',
  demand_coverage: '需求满足率',
  completion_rate: '办结率',
  complaint_resolution_rate: '投诉解决率',
  supervision_coverage: '监管跟进率',
  out_of_queue_rate: '未取号办理率',
  avg_wait_minutes: '平均等候时长',
  satisfaction_rate: '满意率',
});

/** Blank effective_from: the target has always applied. */
export const ALWAYS = '1900-01-01';

/** Targets per metric; blank district or department means "all". Most specific row wins. */
export const targetsContract: Contract = {
  kind: 'targets',
  table: 'targets',
  title: { zh: '考核目标', en: 'Targets' },
  columns: [
    { key: 'metric', zh: ['指标'], codec: targetMetric, required: true },
    { key: 'target', zh: ['目标值'], codec: targetValue, required: true },
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: false, whenBlank: '' },
    { key: 'department', zh: ['业务条线'], codec: text, required: false, whenBlank: '' },
    { key: 'effective_from', zh: ['生效日期'], codec: date, required: false, whenBlank: ALWAYS },
  ],
  naturalKey: ['metric', 'district_code', 'department', 'effective_from'],
  districtColumns: ['district_code'],
  checkRow(row) {
    const isRate = row.metric !== 'avg_wait_minutes';
    if (isRate && (row.target as number) > 1) {
      return {
        column: 'target',
        reason: {
          zh: '比率目标应在 0 到 1 之间（或写作百分数）',
          en: 'a rate target must be between 0 and 1 (or written as a percentage)',
        },
      };
    }
    return null;
  },
};
