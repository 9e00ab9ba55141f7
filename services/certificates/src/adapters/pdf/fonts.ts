import { existsSync, readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type PDFDocument from 'pdfkit';

type Pdf = InstanceType<typeof PDFDocument>;

/** One face of a fallback chain, registered in each PDF under `name`. */
interface Face {
  name: string;
  /**
   * The parsed face, shared by every PDF: pdfkit takes a fontkit font as it is, so a face is
   * read and parsed once per process instead of once per document. Absent for standard fonts.
   */
  font?: fontkit.Font;
  covers(codePoint: number): boolean;
}

export interface FontChains {
  regular: readonly Face[];
  bold: readonly Face[];
}

// Debian's fonts-dejavu-core and fonts-noto-cjk (installed by scripts/system-packages.sh).
const dejavu = '/usr/share/fonts/truetype/dejavu';
const noto = '/usr/share/fonts/opentype/noto';
const candidates = {
  regular: [
    { path: `${dejavu}/DejaVuSans.ttf` },
    { path: `${noto}/NotoSansCJK-Regular.ttc`, postscriptName: 'NotoSansCJKsc-Regular' },
  ],
  bold: [
    { path: `${dejavu}/DejaVuSans-Bold.ttf` },
    { path: `${noto}/NotoSansCJK-Bold.ttc`, postscriptName: 'NotoSansCJKsc-Bold' },
  ],
};

function faceOf(weight: string, index: number, path: string, postscriptName?: string): Face {
  const opened = fontkit.create(readFileSync(path), postscriptName);
  if (!('hasGlyphForCodePoint' in opened)) throw new Error(`${path}: not a single font`);
  const covers = (codePoint: number) => opened.hasGlyphForCodePoint(codePoint);
  return { name: `${weight}-${index}`, font: opened, covers };
}

// WinAnsi, all that the standard fonts can show.
const winAnsi = (codePoint: number) => codePoint >= 0x20 && codePoint <= 0xff;

/**
 * The fonts found on this machine, as fallback chains. Known limit: without the Debian font
 * packages the PDF falls back to Helvetica, and each character outside Latin-1 prints as "?";
 * run scripts/system-packages.sh to lift it. Emoji have no face in either chain (colour emoji
 * fonts are bitmaps pdfkit cannot embed) and print as "?". Arabic and Hebrew are shaped but
 * not reordered right to left (pdfkit has no bidi), so their words read reversed.
 *
 * Known limit: embedding subsets of real fonts costs CPU. Measured on the shared 2-core box,
 * one PDF takes ~27-30 ms with DejaVu against ~8-13 ms with Helvetica, and ~90-130 ms when CJK
 * glyphs are subset from Noto CJK. Fine for downloads on demand; caching the rendered PDF per
 * certificate version would lift it.
 */
function loadChains(): FontChains {
  const chain = (weight: 'regular' | 'bold', standard: string): Face[] => {
    const found = candidates[weight].filter((c) => existsSync(c.path));
    const faces = found.map((c, i) => faceOf(weight, i, c.path, c.postscriptName));
    return faces.length > 0 ? faces : [{ name: standard, covers: winAnsi }];
  };
  return { regular: chain('regular', 'Helvetica'), bold: chain('bold', 'Helvetica-Bold') };
}

let chains: FontChains | undefined;

/** Loaded on first use, then shared by every PDF of the process. */
export function fontChains(): FontChains {
  chains ??= loadChains();
  return chains;
}

/** Makes the chains' faces known to one PDF; only the glyphs it uses are embedded. */
export function registerFonts(pdf: Pdf, fonts: FontChains): void {
  for (const face of [...fonts.regular, ...fonts.bold]) {
    // The typings list paths and buffers only; pdfkit's font factory also takes a fontkit font.
    if (face.font) pdf.registerFont(face.name, face.font as unknown as Buffer);
  }
}

export interface Run {
  face: string;
  text: string;
}

/** The text cut into runs, each in the first face of the chain that has its characters. */
export function runsOf(text: string, chain: readonly Face[]): Run[] {
  const runs: Run[] = [];
  const primary = chain[0]?.name ?? 'Helvetica';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0x3f;
    const face = chain.find((f) => f.covers(codePoint));
    const piece = face ? { face: face.name, text: char } : { face: primary, text: '?' };
    const last = runs.at(-1);
    if (last && last.face === piece.face) last.text += piece.text;
    else runs.push(piece);
  }
  return runs;
}

export interface TextOptions {
  width: number;
  x?: number;
}

/**
 * Writes one paragraph in a chain, wrapped within `width`: each run in its face, continued on
 * the same line, so that mixed scripts still wrap as one text.
 */
export function writeText(pdf: Pdf, chain: readonly Face[], text: string, options: TextOptions) {
  const runs = runsOf(text, chain);
  if (runs.length === 0) runs.push({ face: chain[0]?.name ?? 'Helvetica', text: '' });
  runs.forEach((run, index) => {
    pdf.font(run.face);
    const continued = index < runs.length - 1;
    if (index === 0 && options.x !== undefined) {
      pdf.text(run.text, options.x, pdf.y, { width: options.width, continued });
    } else {
      pdf.text(run.text, { width: options.width, continued });
    }
  });
}
