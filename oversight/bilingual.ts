/**
 * A message for people in both of the product's languages: every refusal, row error and reason
 * the CLI, the pages and the API show carries both, and the reader's language picks one.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Fills `{name}` placeholders of a message: fillMessage('{n} 天', { n: 45 }). */
export function fillMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}
