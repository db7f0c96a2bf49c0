// SVG building blocks shared by the chart renderers: x axis with grid, row labels with group headings, hatch patterns.

import type { ScaleLinear } from 'd3-scale';
import { axisTitle, formatValue, type RowLayout } from './layout';
import type { AxisDef, MarkStyle } from './spec';
import type { ChartTheme } from './theme';

/** A hover/focus tooltip request: position in SVG px and the exact text to show. */
export interface Tip {
  x: number;
  y: number;
  text: string;
}

/** Props every renderer takes. `onTip` present = interactive (hover and focus report tooltips). */
export interface RenderProps<S> {
  spec: S;
  width: number;
  /** Total SVG height; row charts default to their natural height. */
  height?: number;
  theme: ChartTheme;
  onTip?: (tip: Tip | null) => void;
}

/** Handlers that report a tooltip on hover and keyboard focus; none when static. */
export function tipHandlers(onTip: RenderProps<unknown>['onTip'], tip: Tip) {
  if (!onTip) return {};
  return { onMouseEnter: () => onTip(tip), onMouseLeave: () => onTip(null), onFocus: () => onTip(tip), onBlur: () => onTip(null) };
}

/** Id of the hatch pattern of a colour within one chart. */
export const hatchId = (chartId: string, color: string) => `${chartId}-hatch-${color.replace('#', '')}`;

/** Fill of a bar/box in a style: solid colour, a hatch pattern for hinted systems, none for hollow ones. */
export function areaFill(chartId: string, s: MarkStyle, solidOpacity = 1): { fill: string; fillOpacity: number } {
  if (s.pattern === 'hatch') return { fill: `url(#${hatchId(chartId, s.color)})`, fillOpacity: 1 };
  // Transparent, not white: a hollow box must not hide the strip of points drawn under it.
  if (s.fill === 'hollow') return { fill: 'none', fillOpacity: 1 };
  return { fill: s.color, fillOpacity: solidOpacity };
}

/** `<defs>` with one hatch pattern per hatched colour used. */
export function HatchDefs({ chartId, styles }: { chartId: string; styles: readonly MarkStyle[] }) {
  const colors = [...new Set(styles.filter((s) => s.pattern === 'hatch').map((s) => s.color))];
  if (!colors.length) return null;
  return (
    <defs>
      {colors.map((c) => (
        <pattern key={c} id={hatchId(chartId, c)} patternUnits="userSpaceOnUse" width={5} height={5} patternTransform="rotate(45)">
          <rect width={5} height={5} fill="#ffffff" />
          <line x1={0} y1={0} x2={0} y2={5} stroke={c} strokeWidth={2.5} />
        </pattern>
      ))}
    </defs>
  );
}

/** A horizontal value axis at `y` with ticks, grid lines up to `gridTop`, and its title below. */
export function XAxis({ scale, axis, y, gridTop, theme }: { scale: ScaleLinear<number, number>; axis: AxisDef; y: number; gridTop: number; theme: ChartTheme }) {
  const ticks = scale.ticks(Math.max(2, Math.floor((scale.range()[1]! - scale.range()[0]!) / 55)));
  const [r0, r1] = scale.range() as [number, number];
  return (
    <g className="x-axis" fontSize={theme.fontSize} fill={theme.muted}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={scale(t)} x2={scale(t)} y1={gridTop} y2={y} stroke={theme.grid} />
          <text x={scale(t)} y={y + theme.fontSize + 3} textAnchor="middle">
            {formatValue({ digits: tickDigits(ticks), percent: axis.percent }, t)}
          </text>
        </g>
      ))}
      <line x1={r0} x2={r1} y1={y} y2={y} stroke={theme.axis} />
      <text x={(r0 + r1) / 2} y={y + 2 * theme.fontSize + 8} textAnchor="middle" fill={theme.text}>
        {axisTitle(axis)}
      </text>
    </g>
  );
}

/** Decimals that tell adjacent ticks apart. */
export function tickDigits(ticks: readonly number[]): number {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  return Math.max(0, Math.min(4, Math.ceil(-Math.log10(step) + 0.001)));
}

/** Row labels (wrapped lines, right-aligned before `x`) and group headings of a row layout. */
export function RowLabels({ layout, x, theme, groupX }: { layout: RowLayout; x: number; theme: ChartTheme; groupX: number }) {
  return (
    <g className="row-labels" fontSize={theme.fontSize}>
      {layout.groups.map((g) => (
        <text key={`g-${g.label}-${g.y}`} x={groupX} y={g.y} fill={theme.muted} fontWeight={600}>
          {g.label}
        </text>
      ))}
      {layout.rows.map((r) => {
        const top = r.y + r.h / 2 - ((r.lines.length - 1) * theme.rowLine) / 2 + theme.fontSize * 0.35;
        return (
          <text key={r.row.key} x={x - 8} y={top} textAnchor="end" fill={theme.text}>
            {r.lines.map((l, i) => (
              <tspan key={i} x={x - 8} dy={i === 0 ? 0 : theme.rowLine}>
                {l}
              </tspan>
            ))}
          </text>
        );
      })}
    </g>
  );
}
