/** Chinese is the product's first language; every key here must exist in en.ts too. */
export const zhCN = {
  'app.title': '放管服改革督查看板',
  'app.tagline': '逐周对照目标，发现"放管服"改革在哪里让群众失望',
  'nav.overview': '总览',
  'lang.switch': 'English',
  'districts.heading': '已导入的区县',
  'districts.code': '区划代码',
  'districts.name': '名称',
  'districts.level': '层级',
  'districts.population': '常住人口',
  'districts.windowDays': '窗口数据天数',
  'districts.lastWindowDate': '最近窗口数据',
  'districts.lastOnline': '最近网办快照',
  'districts.complaints': '投诉工单',
  'level.city': '市本级',
  'level.district': '区',
  'level.county': '县',
  'level.county_city': '县级市',
  'empty.heading': '还没有导入数据',
  'empty.body':
    '用下面的命令导入各部门导出的 CSV 文件（可以是文件夹），或把文件放进收件箱文件夹，服务会自动导入：',
  'empty.demo': '想先看看效果？运行演示数据：',
  'empty.contract': '文件格式见数据规范 docs/data-contract.md 与 CSV 模板：',
  'error.heading': '出错了',
  'error.notFound': '找不到这个页面',
  'error.unexpected': '服务器遇到了意外错误，已记录日志。请稍后重试。',
  'common.none': '无',
} as const;

export type MessageKey = keyof typeof zhCN;
