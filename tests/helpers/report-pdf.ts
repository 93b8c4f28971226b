/**
 * A PDF's text as a reader's software extracts it: pdfjs-dist's legacy build (the one that runs
 * on Node 20), page by page. Whitespace is dropped for comparisons, because extractors differ in
 * where they put spaces between CJK glyphs, not in the glyphs themselves.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: string[];
  /** Every page, whitespace removed. */
  all: string;
  info: Record<string, unknown>;
}

export const squeeze = (text: string) => text.replace(/\s+/g, '');

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  // pdfjs takes ownership of the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
    const { info } = await doc.getMetadata();
    return { pages, all: squeeze(pages.join('')), info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}
