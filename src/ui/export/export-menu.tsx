// The Export menu of one chart: preset (venue width), font size, a paper-theme preview (optionally greyscale), and
// downloads of SVG, PDF, PNG (150/300/600 dpi), CSV of the plotted marks and the JSON config; "Open config" restores a view.

import { useMemo, useState } from 'react';
import type { ChartSpec } from '../../figures/chart/spec';
import { useFigureExport } from './export-context';
import { csvText, figureConfig, figureSvg, parseFigureConfig, plottedTable } from '../../figures/figure-files';
import { download, pdfFile, pngFile, svgFile } from './browser-files';
import { PNG_DPIS, presetById } from '../../figures/presets';
import { PrintOptions, usePrint } from './print-options';
import './export.css';

/** Export actions for `spec`; needs a {@link FigureExportProvider} above it for configs (renders nothing without one). */
export function ExportMenu({ spec }: { spec: ChartSpec }) {
  const ctx = useFigureExport();
  const [open, setOpen] = useState(false);
  const [print, setPrint] = usePrint();
  const { presetId, fontPt } = print;
  const [grey, setGrey] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const opts = useMemo(() => ({ preset: presetById(presetId), fontPt }), [presetId, fontPt]);
  const svg = useMemo(() => (open ? figureSvg(spec, opts) : null), [open, spec, opts]);
  if (!ctx) return null;
  const base = `${spec.id}-${opts.preset.id}`;

  const run = async (label: string, make: () => Promise<[Blob, string]> | [Blob, string]) => {
    setBusy(label);
    setMessage(null);
    try {
      const [blob, name] = await make();
      download(blob, name);
      setMessage({ error: false, text: `Saved ${name}.` });
    } catch (e) {
      setMessage({ error: true, text: `${label} failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(null);
    }
  };
  const openConfig = async (file: File | undefined) => {
    if (!file) return;
    try {
      const c = parseFigureConfig(await file.text(), file.name);
      ctx.openView(c.view);
      // The config's width and font become the view's, so the next export matches the saved figure.
      if (typeof c.preset === 'string') setPrint({ presetId: presetById(c.preset).id, ...(typeof c.fontPt === 'number' ? { fontPt: c.fontPt } : {}) });
      setMessage({ error: false, text: `Opened the view of ${file.name} (${c.title}).` });
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    }
  };
  const sized = () => svg ?? figureSvg(spec, opts);

  return (
    <div className="export-menu">
      <button type="button" className="link" aria-expanded={open} aria-label={`Export ${spec.title}`} onClick={() => setOpen((o) => !o)}>
        Export
      </button>
      {open && svg && (
        <div className="export-panel" role="group" aria-label={`Export ${spec.title}`}>
          <div className="export-options">
            <PrintOptions value={print} onChange={setPrint} />
            <label>
              <input type="checkbox" checked={grey} onChange={(e) => setGrey(e.target.checked)} /> Greyscale preview
            </label>
          </div>
          <div className="export-buttons">
            <button type="button" disabled={busy !== null} onClick={() => void run('SVG', () => [svgFile(sized()), `${base}.svg`])}>
              SVG
            </button>
            <button type="button" disabled={busy !== null} onClick={() => void run('PDF', async () => [await pdfFile(sized()), `${base}.pdf`])}>
              PDF
            </button>
            {PNG_DPIS.map((dpi) => (
              <button key={dpi} type="button" disabled={busy !== null} onClick={() => void run(`PNG ${dpi} dpi`, async () => [await pngFile(sized(), dpi), `${base}-${dpi}dpi.png`])}>
                PNG {dpi} dpi
              </button>
            ))}
            <button type="button" disabled={busy !== null} onClick={() => void run('CSV', () => [new Blob([csvText(plottedTable(spec))], { type: 'text/csv' }), `${spec.id}.csv`])}>
              CSV
            </button>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void run('Config', () => [new Blob([JSON.stringify(figureConfig(spec, opts, ctx.view, ctx.params), null, 2)], { type: 'application/json' }), `${base}.config.json`])}
            >
              Config (JSON)
            </button>
            <label className="export-open">
              Open config…{' '}
              <input type="file" accept=".json,application/json" aria-label="Open figure config" onChange={(e) => void openConfig(e.target.files?.[0])} />
            </label>
          </div>
          {busy && <p className="muted small" role="status">Rendering {busy}…</p>}
          {message && (
            <p className={message.error ? 'error-text small' : 'muted small'} role={message.error ? 'alert' : 'status'}>
              {message.text}
            </p>
          )}
          <img
            className="export-preview"
            alt={`Print preview of ${spec.title} at ${opts.preset.widthIn} in${grey ? ', greyscale' : ''}`}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.svg)}`}
            style={{ width: svg.width, filter: grey ? 'grayscale(1)' : undefined }}
          />
        </div>
      )}
    </div>
  );
}
