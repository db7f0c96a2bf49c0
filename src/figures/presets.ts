// Figure presets for papers (venue widths in inches, print font sizes, PNG resolutions) and the pixel sizes they imply.

/** A venue's figure width. */
export interface FigurePreset {
  id: 'acl-single' | 'acl-double' | 'neurips-text';
  label: string;
  /** Figure width in inches. */
  widthIn: number;
}

/** ACL/EMNLP single and double column, NeurIPS/ICLR text width. */
export const FIGURE_PRESETS: readonly FigurePreset[] = [
  { id: 'acl-single', label: 'ACL/EMNLP single column (3.3 in)', widthIn: 3.3 },
  { id: 'acl-double', label: 'ACL/EMNLP double column (6.9 in)', widthIn: 6.9 },
  { id: 'neurips-text', label: 'NeurIPS/ICLR text width (5.5 in)', widthIn: 5.5 },
];

/** Print font sizes offered, in points. */
export const FONT_POINTS: readonly number[] = [8, 9, 10];

/** PNG resolutions offered, dots per inch. */
export const PNG_DPIS: readonly number[] = [150, 300, 600];

/** The preset with `id` (the first one for an unknown id). */
export const presetById = (id: string): FigurePreset => FIGURE_PRESETS.find((p) => p.id === id) ?? FIGURE_PRESETS[0]!;

/** CSS px per inch: SVG exports are laid out in CSS px, so a 3.3 in figure is 316.8 px wide. */
export const CSS_DPI = 96;

/** Pixel size of a PNG of a `widthPx` × `heightPx` (CSS px) drawing at `dpi`: width = inches × dpi, rounded. */
export function pngPixelSize(widthPx: number, heightPx: number, dpi: number): { width: number; height: number } {
  return { width: Math.round((widthPx / CSS_DPI) * dpi), height: Math.round((heightPx / CSS_DPI) * dpi) };
}

/** How figures of a view are exported: venue width, print font size (pt) and PNG resolution (dpi), shared by its menus and pack. */
export interface PrintSettings {
  presetId: FigurePreset['id'];
  fontPt: number;
  dpi: number;
}

/** ACL single column, 9 pt, 300 dpi. */
export const DEFAULT_PRINT: PrintSettings = { presetId: 'acl-single', fontPt: 9, dpi: 300 };
