/**
 * PDFKit 0.20 takes an already-parsed fontkit Font in registerFont() and font() (its changelog:
 * "Accept already-parsed fontkit Font instances"); @types/pdfkit 0.17 predates that. Parsing the
 * 10 MB Noto Sans SC once per process instead of once per document is what keeps a report
 * under half a second (see docs/decisions/005-weekly-report-pdf.md).
 */
import type { Font } from 'fontkit';

declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      registerFont(name: string, src: Font): this;
    }
  }
}
