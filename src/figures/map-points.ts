// What a map draws, as plain data: the WebGL scatter on screen, the SVG export and the CLI's `figure` share it.

/** Marker shapes (0 circle, 1 square, 2 triangle, 3 diamond), drawn by the scatter's fragment shader and as SVG marks. */
export type ScatterShape = 0 | 1 | 2 | 3;

/** The points of a map. Row i of every array is point i. */
export interface ScatterData {
  /** Points in data units, n × 2 row-major; non-finite rows are not drawn. */
  xy: Float32Array;
  n: number;
  /** Palette index per point (< `palette.length`, at most 64 colours). */
  color: Uint8Array;
  /** {@link ScatterShape} per point; all circles when omitted. */
  shape?: Uint8Array;
  /** CSS colours (`#rrggbb`), indexed by `color`. */
  palette: readonly string[];
}

/** The part of a drawn map an export redraws: its points and each point's state (0 shown, 1 dimmed, 2 highlighted). */
export interface MapPicture {
  data: ScatterData;
  state: Uint8Array;
}
