// Export menu of a WebGL map: SVG / PDF / PNG redrawn from the scatter's snapshot at a print preset, CSV of the points,
// and (inside a FigureExportProvider) the config JSON of the view.

import { useState, type RefObject } from 'react';
import type { ScatterInstance } from '../scatter/scatter';
import { useFigureExport } from './export-context';
import { canvasRaster, download, pdfFile, pngFile, svgFile } from './browser-files';
import { mapCsv, mapSvg, type MapLegendItem } from '../../figures/map-svg';
import { PNG_DPIS, presetById } from '../../figures/presets';
import { PrintOptions, usePrint } from './print-options';
import './export.css';

/** Props of {@link MapExportMenu}. */
export interface MapExportMenuProps {
  instance: RefObject<ScatterInstance | null>;
  legend: readonly MapLegendItem[];
  /** File name stem, e.g. `drill-down-LIMA-OE-p3`. */
  name: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** What the map was drawn from beyond the view state (prompt, systems, method): its config records it (see `ChartSpec.inputs`). */
  inputs?: Record<string, string | number | boolean>;
}

/** Export actions for the map held by `instance`. */
export function MapExportMenu({ instance, legend, name, title, xLabel, yLabel, inputs }: MapExportMenuProps) {
  const ctx = useFigureExport();
  const [open, setOpen] = useState(false);
  const [print, setPrint] = usePrint();
  const { presetId, fontPt } = print;
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const preset = presetById(presetId);
  const base = `${name}-${preset.id}`;
  const snap = () => {
    const s = instance.current?.snapshot();
    if (!s || !s.data.n) throw new Error('The map has no points yet.');
    return s;
  };
  const sized = () => mapSvg(snap(), { widthIn: preset.widthIn, fontPt, legend, xLabel, yLabel }, canvasRaster);
  const run = async (label: string, make: () => Promise<[Blob, string]> | [Blob, string]) => {
    setMessage(null);
    try {
      const [blob, file] = await make();
      download(blob, file);
      setMessage({ error: false, text: `Saved ${file}.` });
    } catch (e) {
      setMessage({ error: true, text: `${label} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return (
    <div className="export-menu map-export">
      <button type="button" className="link" aria-expanded={open} aria-label={`Export ${title}`} onClick={() => setOpen((o) => !o)}>
        Export map
      </button>
      {open && (
        <div className="export-panel" role="group" aria-label={`Export ${title}`}>
          <div className="export-options">
            <PrintOptions value={print} onChange={setPrint} />
          </div>
          <div className="export-buttons">
            <button type="button" onClick={() => void run('SVG', () => [svgFile(sized()), `${base}.svg`])}>
              SVG
            </button>
            <button type="button" onClick={() => void run('PDF', async () => [await pdfFile(sized()), `${base}.pdf`])}>
              PDF
            </button>
            {PNG_DPIS.map((dpi) => (
              <button key={dpi} type="button" onClick={() => void run(`PNG ${dpi} dpi`, async () => [await pngFile(sized(), dpi), `${base}-${dpi}dpi.png`])}>
                PNG {dpi} dpi
              </button>
            ))}
            <button type="button" onClick={() => void run('CSV', () => [new Blob([mapCsv(snap(), legend)], { type: 'text/csv' }), `${name}.csv`])}>
              CSV
            </button>
            {ctx && (
              <button
                type="button"
                onClick={() =>
                  void run('Config', () => [
                    new Blob([JSON.stringify({ kind: 'overton-figure', version: 1, chart: name, title, view: ctx.view, ...(ctx.params ? { params: ctx.params } : {}), ...(inputs ? { inputs } : {}), preset: preset.id, fontPt, metrics: { axes: [xLabel, yLabel] }, exported: new Date().toISOString() }, null, 2)], {
                      type: 'application/json',
                    }),
                    `${base}.config.json`,
                  ])
                }
              >
                Config (JSON)
              </button>
            )}
          </div>
          {message && (
            <p className={message.error ? 'error-text small' : 'muted small'} role={message.error ? 'alert' : 'status'}>
              {message.text}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
