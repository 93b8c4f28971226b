import type { MessageKey } from './zh-CN';

export const en: Record<MessageKey, string> = {
  'app.title': 'Reform Oversight Dashboard',
  'app.tagline':
    'Week by week against targets: where "streamline, delegate, serve" is failing citizens',
  'nav.overview': 'Overview',
  'lang.switch': '中文',
  'districts.heading': 'Loaded districts',
  'districts.code': 'Code',
  'districts.name': 'Name',
  'districts.level': 'Level',
  'districts.population': 'Population',
  'districts.windowDays': 'Days of window data',
  'districts.lastWindowDate': 'Latest window data',
  'districts.lastOnline': 'Latest online snapshot',
  'districts.complaints': 'Complaints',
  'level.city': 'City',
  'level.district': 'District',
  'level.county': 'County',
  'level.county_city': 'County-level city',
  'empty.heading': 'No data loaded yet',
  'empty.body':
    "Load the bureaus' CSV exports (files or folders) with this command, or drop them into the inbox folder and the server loads them:",
  'empty.demo': 'To try it first, run the demo:',
  'empty.contract': 'File formats: the data contract docs/data-contract.md and the CSV templates:',
  'error.heading': 'Something went wrong',
  'error.notFound': 'Page not found',
  'error.unexpected':
    'The server hit an unexpected error; it has been logged. Please try again later.',
  'common.none': 'none',
};
