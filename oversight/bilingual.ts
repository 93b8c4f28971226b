/**
 * A message for people in both of the product's languages: every refusal, row error and reason
 * the CLI, the pages and the API show carries both, and the reader's language picks one.
 */
export interface Bilingual {
  zh: string;
  en: string;
}
