// Chart themes (screen and a light "paper" one) and figure sizes: what the export renderer varies without touching a spec.

/** Fonts and colours of a rendered chart. Sizes in px (CSS px = 1/96 in). */
export interface ChartTheme {
  name: 'screen' | 'paper';
  fontFamily: string;
  fontSize: number;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  background: string;
  /** Row height of row charts per text line (px). */
  rowLine: number;
}

/** The on-screen theme (the app's system font, 12 px). */
export const screenTheme: ChartTheme = {
  name: 'screen',
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  fontSize: 12,
  text: '#1d2430',
  muted: '#5f6b7a',
  grid: '#e6e9ee',
  axis: '#8a94a3',
  background: '#ffffff',
  rowLine: 14,
};

/** A light print theme at `pt` points (8–10 for papers), in a named font so the SVG renders the same elsewhere. */
export function paperTheme(pt = 9): ChartTheme {
  const px = (pt * 96) / 72;
  return { name: 'paper', fontFamily: 'Helvetica, Arial, sans-serif', fontSize: px, text: '#000000', muted: '#444444', grid: '#eeeeee', axis: '#555555', background: '#ffffff', rowLine: px * 1.2 };
}

/** Figure widths of common venues, in inches. */
export const FIGURE_WIDTHS_IN = { 'acl-single': 3.3, 'acl-double': 6.9, 'neurips-text': 5.5 } as const;

/** Inches to CSS px (96 per inch). */
export const inchesToPx = (inches: number): number => inches * 96;
