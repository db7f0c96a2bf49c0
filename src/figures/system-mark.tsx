// One SVG marker in a system's style (shape per kind, shade, hollow for per-prompt example selection): legends and charts share it.

import type { MarkShape } from './palette';

/** Props of {@link MarkPath}: centre (`x`, `y`, px), `size` = width of the marker (px). */
export interface MarkProps {
  x: number;
  y: number;
  size: number;
  shape: MarkShape;
  color: string;
  fill: 'solid' | 'hollow';
  /** Fill opacity of solid marks (0–1), e.g. lower for dense strip plots. */
  opacity?: number;
}

/** The SVG path of a marker shape centred on (x, y) with width `size`. Pure; used by the export renderer too. */
export function markPath(shape: MarkShape, x: number, y: number, size: number): string {
  const r = size / 2;
  switch (shape) {
    case 'circle':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case 'square': {
      const s = r * 0.9;
      return `M${x - s},${y - s}h${2 * s}v${2 * s}h${-2 * s}Z`;
    }
    case 'triangle':
      return `M${x},${y - r * 1.1}L${x + r},${y + r * 0.75}L${x - r},${y + r * 0.75}Z`;
    case 'diamond':
      return `M${x},${y - r * 1.15}L${x + r},${y}L${x},${y + r * 1.15}L${x - r},${y}Z`;
  }
}

/** A marker as an SVG `<path>`; hollow marks are white-filled with a coloured outline. */
export function MarkPath({ x, y, size, shape, color, fill, opacity = 1 }: MarkProps) {
  return (
    <path
      d={markPath(shape, x, y, size)}
      fill={fill === 'solid' ? color : '#ffffff'}
      fillOpacity={fill === 'solid' ? opacity : 1}
      stroke={color}
      strokeWidth={fill === 'solid' ? 0.75 : 1.5}
    />
  );
}

/** A standalone inline SVG swatch of one marker (legends in HTML). */
export function MarkSwatch({ shape, color, fill, size = 12 }: { shape: MarkShape; color: string; fill: 'solid' | 'hollow'; size?: number }) {
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" className="mark-swatch">
      <MarkPath x={size / 2} y={size / 2} size={size - 3} shape={shape} color={color} fill={fill} />
    </svg>
  );
}
