// Pure 2-D geometry for the scatter: data bounds, the view transform (data ↔ screen), a grid index for hover and lasso/box selection.

/** Axis-aligned bounds in data units. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Maps data to CSS pixels: `sx = x * scale + tx`, `sy = -y * scale + ty` (y up in data, down on screen).
 * `scale` is CSS pixels per data unit. This is what an SVG export redraws with.
 */
export interface ViewTransform {
  scale: number;
  tx: number;
  ty: number;
}

/** Bounds of the finite points of `xy` (n × 2, row-major); a unit box around 0 when there are none. */
export function boundsOf(xy: Float32Array, n: number): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return { minX, minY, maxX, maxY };
}

/**
 * The transform that fits `b` into a `width` × `height` CSS-pixel box with `pad` pixels margin, centred, same scale
 * on both axes. A zero-extent box (one point, identical points) gets a finite scale so it shows in the middle.
 */
export function fitTransform(b: Bounds, width: number, height: number, pad = 24): ViewTransform {
  const w = Math.max(b.maxX - b.minX, 1e-9);
  const h = Math.max(b.maxY - b.minY, 1e-9);
  const degenerate = b.maxX - b.minX < 1e-9 && b.maxY - b.minY < 1e-9;
  const scale = degenerate ? 1 : Math.max(1e-12, Math.min((width - 2 * pad) / w, (height - 2 * pad) / h));
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  return { scale, tx: width / 2 - cx * scale, ty: height / 2 + cy * scale };
}

/** Screen position (CSS px) of a data point. */
export function toScreen(t: ViewTransform, x: number, y: number): [number, number] {
  return [x * t.scale + t.tx, -y * t.scale + t.ty];
}

/** Data position of a screen point (CSS px). */
export function toData(t: ViewTransform, sx: number, sy: number): [number, number] {
  return [(sx - t.tx) / t.scale, -(sy - t.ty) / t.scale];
}

/** Zooms by `factor` keeping the screen point (sx, sy) fixed. */
export function zoomAt(t: ViewTransform, sx: number, sy: number, factor: number): ViewTransform {
  const scale = t.scale * factor;
  return { scale, tx: sx - (sx - t.tx) * factor, ty: sy - (sy - t.ty) * factor };
}

/** Even-odd point-in-polygon test; `poly` is [x0, y0, x1, y1, …] (closed implicitly). */
export function insidePolygon(poly: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const m = poly.length / 2;
  for (let i = 0, j = m - 1; i < m; j = i++) {
    const xi = poly[2 * i]!;
    const yi = poly[2 * i + 1]!;
    const xj = poly[2 * j]!;
    const yj = poly[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Rows of `xy` (n × 2 data units) whose screen position under `t` lies inside `poly` (screen px, [x0, y0, …]),
 * ascending. Rows where `visible` is 0 are skipped. A bounding-box test runs first so a small lasso over 100k points
 * touches few edges.
 */
export function selectInPolygon(xy: Float32Array, n: number, t: ViewTransform, poly: ArrayLike<number>, visible?: Uint8Array): number[] {
  if (poly.length < 6) return [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < poly.length; i += 2) {
    x0 = Math.min(x0, poly[i]!);
    x1 = Math.max(x1, poly[i]!);
    y0 = Math.min(y0, poly[i + 1]!);
    y1 = Math.max(y1, poly[i + 1]!);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (visible && !visible[i]) continue;
    const sx = xy[2 * i]! * t.scale + t.tx;
    const sy = -xy[2 * i + 1]! * t.scale + t.ty;
    if (sx < x0 || sx > x1 || sy < y0 || sy > y1) continue;
    if (insidePolygon(poly, sx, sy)) out.push(i);
  }
  return out;
}

/** Rows inside the screen rectangle spanned by two corners (CSS px), ascending. */
export function selectInBox(xy: Float32Array, n: number, t: ViewTransform, ax: number, ay: number, bx: number, by: number, visible?: Uint8Array): number[] {
  const x0 = Math.min(ax, bx);
  const x1 = Math.max(ax, bx);
  const y0 = Math.min(ay, by);
  const y1 = Math.max(ay, by);
  return selectInPolygon(xy, n, t, [x0, y0, x1, y0, x1, y1, x0, y1], visible);
}

/** A uniform grid over data space, so the point under the cursor is found without scanning all n rows. */
export class GridIndex {
  private readonly cells: Int32Array;
  private readonly starts: Int32Array;
  private readonly size: number;
  private readonly cell: number;

  /** Indexes the finite points of `xy` (n × 2); about 4 points per cell on average. */
  constructor(
    private readonly xy: Float32Array,
    private readonly n: number,
    private readonly b: Bounds = boundsOf(xy, n),
  ) {
    this.size = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(n / 4))));
    this.cell = Math.max(b.maxX - b.minX, b.maxY - b.minY, 1e-9) / this.size;
    const counts = new Int32Array(this.size * this.size + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cellAt(xy[2 * i]!, xy[2 * i + 1]!);
      cellOf[i] = c;
      if (c >= 0) counts[c + 1]!++;
    }
    for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
    this.starts = counts;
    this.cells = new Int32Array(counts[counts.length - 1]!);
    const fill = counts.slice(0, -1);
    for (let i = 0; i < n; i++) if (cellOf[i]! >= 0) this.cells[fill[cellOf[i]!]!++] = i;
  }

  private cellAt(x: number, y: number): number {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
    const cx = Math.min(this.size - 1, Math.max(0, Math.floor((x - this.b.minX) / this.cell)));
    const cy = Math.min(this.size - 1, Math.max(0, Math.floor((y - this.b.minY) / this.cell)));
    return cy * this.size + cx;
  }

  /** The row nearest to data point (x, y) within `radius` data units, or -1. Rows where `visible` is 0 are skipped. */
  nearest(x: number, y: number, radius: number, visible?: Uint8Array): number {
    const r = Math.ceil(radius / this.cell);
    const cx = Math.floor((x - this.b.minX) / this.cell);
    const cy = Math.floor((y - this.b.minY) / this.cell);
    let best = -1;
    let bestD = radius * radius;
    for (let gy = Math.max(0, cy - r); gy <= Math.min(this.size - 1, cy + r); gy++) {
      for (let gx = Math.max(0, cx - r); gx <= Math.min(this.size - 1, cx + r); gx++) {
        const c = gy * this.size + gx;
        for (let k = this.starts[c]!; k < this.starts[c + 1]!; k++) {
          const i = this.cells[k]!;
          if (visible && !visible[i]) continue;
          const dx = this.xy[2 * i]! - x;
          const dy = this.xy[2 * i + 1]! - y;
          const d = dx * dx + dy * dy;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}
