// The one chart frame: title, legend, the SVG at the container's width, hover/focus tooltips with exact values, a
// data-table toggle (keyboard and screen-reader access to every number), and a slot for export actions.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useRegisterFigure } from '../export/export-context';
import { ExportMenu } from '../export/export-menu';
import { MarkSwatch } from '../../figures/system-mark';
import { ChartSvg } from '../../figures/chart/chart-svg';
import type { Tip } from '../../figures/chart/parts';
import type { ChartSpec } from '../../figures/chart/spec';
import { specTable, tableCell } from '../../figures/chart/spec-table';
import { screenTheme, type ChartTheme } from '../../figures/chart/theme';
import './chart.css';

/** Props of {@link ChartFrame}. */
export interface ChartFrameProps {
  spec: ChartSpec;
  theme?: ChartTheme;
  /** Width before the container is measured (and under server rendering), px. */
  initialWidth?: number;
  /** Fixed plot height (px); row charts default to their natural height. */
  height?: number;
  /** Extra controls in the frame's header (the export menu attaches here). */
  actions?: ReactNode;
}

/** A chart in its frame. Renders complete SVG on the first render (at `initialWidth`), then follows the container. */
export function ChartFrame({ spec, theme = screenTheme, initialWidth = 640, height, actions }: ChartFrameProps) {
  const plot = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initialWidth);
  const [tip, setTip] = useState<Tip | null>(null);
  const [table, setTable] = useState(false);
  useEffect(() => {
    const el = plot.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // Inside a view's FigureExportProvider the chart joins the figure pack and gets an Export menu.
  useRegisterFigure(spec);
  const data = table ? specTable(spec) : null;
  return (
    <figure className="chart-frame" data-chart={spec.id} aria-labelledby={`${spec.id}-title`}>
      <header className="chart-head">
        <div>
          <h3 id={`${spec.id}-title`}>{spec.title}</h3>
          {spec.subtitle && <p className="chart-subtitle">{spec.subtitle}</p>}
        </div>
        <div className="chart-actions">
          <button type="button" className="link" aria-expanded={table} onClick={() => setTable((t) => !t)}>
            {table ? 'Hide data table' : 'Data table'}
          </button>
          {actions}
          <ExportMenu spec={spec} />
        </div>
      </header>
      {spec.legend && spec.legend.length > 0 && (
        <ul className="chart-legend" aria-label={`Legend: ${spec.title}`}>
          {spec.legend.map((e) => (
            <li key={e.key}>
              {e.style.pattern === 'hatch' ? (
                <span className="legend-hatch" style={{ borderColor: e.style.color, color: e.style.color }} aria-hidden="true" />
              ) : (
                <MarkSwatch shape={e.style.shape} color={e.style.color} fill={e.style.fill} />
              )}
              {e.label}
            </li>
          ))}
        </ul>
      )}
      <div className="chart-plot" ref={plot} onMouseLeave={() => setTip(null)}>
        <ChartSvg spec={spec} width={width} height={height} theme={theme} onTip={setTip} />
        {tip && (
          <div role="tooltip" className="chart-tip" style={{ left: Math.min(tip.x, width - 220), top: tip.y }}>
            {tip.text}
          </div>
        )}
      </div>
      {spec.note && <figcaption className="chart-note">{spec.note}</figcaption>}
      {data && (
        <div className="chart-table-wrap">
          <table className="chart-table" aria-label={`Data: ${spec.title}`}>
            <thead>
              <tr>
                {data.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (j === 0 ? <th key={j} scope="row">{tableCell(v)}</th> : <td key={j} className={typeof v === 'number' ? 'num' : undefined}>{tableCell(v)}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
