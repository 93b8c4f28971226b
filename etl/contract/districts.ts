import { count, districtCode, oneOf, text } from './codecs';
import type { Contract } from './types';

export const districtLevel = oneOf({
  city: '市',
  district: '区',
  county: '县',
  county_city: '县级市',
});

/** The district registry: every other file's district codes must be listed here. */
export const districtsContract: Contract = {
  kind: 'districts',
  table: 'districts',
  title: { zh: '区县名录', en: 'District registry' },
  columns: [
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: true },
    { key: 'district_name', zh: ['区县名称'], codec: text, required: true },
    { key: 'level', zh: ['层级'], codec: districtLevel, required: true },
    {
      key: 'parent_code',
      zh: ['上级区划代码'],
      codec: districtCode,
      required: false,
      whenBlank: null,
    },
    { key: 'population', zh: ['常住人口'], codec: count, required: false, whenBlank: null },
  ],
  naturalKey: ['district_code'],
  districtColumns: [],
};
