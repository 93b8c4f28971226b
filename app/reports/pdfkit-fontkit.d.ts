/**
 * What PDFKit 0.20 accepts and @types/pdfkit 0.17 predates:
 * - an already-parsed fontkit Font in registerFont() and font() (its changelog: "Accept
 *   already-parsed fontkit Font instances"). Parsing the 10 MB Noto Sans SC once per process
 *   instead of once per document is what keeps a report under half a second (see
 *   docs/decisions/005-weekly-report-pdf.md);
 * - a dash pattern as an array, as charts' dashed lines have;
 * - a text's width passed in, when the caller has measured it already.
 */
import type { Font } from 'fontkit';

declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      registerFont(name: string, src: Font): this;
    }
    interface PDFVector {
      dash(pattern: number[], options?: { phase?: number }): this;
    }
    interface TextOptions {
      textWidth?: number;
    }
  }
}
