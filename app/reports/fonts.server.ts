/**
 * Noto Sans SC (SIL Open Font License 1.1, text in public/fonts/OFL.txt), regular and bold, from
 * the WOFF files of @openfonts/noto-sans-sc_all: unwrapped to sfnt and parsed by fontkit once per
 * process, then handed to every report as parsed fonts. Registering the font by path or bytes
 * instead makes PDFKit parse 10 MB again for each document. Unwrapping is inflating 2 × 6 MB,
 * ≈ 140 ms of CPU, done on the thread pool (app/reports/woff.ts): ≈ 75 ms on two cores, beside
 * the first report's queries.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { ReportFonts } from './pdf';
import { woffToSfnt } from './woff';

const require = createRequire(import.meta.url);

async function loadWeight(weight: 400 | 700): Promise<fontkit.Font> {
  const path = require.resolve(`@openfonts/noto-sans-sc_all/files/noto-sans-sc-all-${weight}.woff`);
  const font = fontkit.create(await woffToSfnt(await readFile(path)));
  // A collection has no glyphs of its own; the package ships single fonts.
  if (!('glyphForCodePoint' in font)) throw new Error(`${path} is a font collection`);
  return font;
}

let fonts: Promise<ReportFonts> | null = null;

/** The report's fonts, loaded on first use and kept for the life of the process. */
export function reportFonts(): Promise<ReportFonts> {
  fonts ??= Promise.all([loadWeight(400), loadWeight(700)]).then(([regular, bold]) => ({
    regular,
    bold,
  }));
  // A failed load is not cached: the next report tries again.
  fonts.catch(() => {
    fonts = null;
  });
  return fonts;
}
