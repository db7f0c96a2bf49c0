// The figure pack: every chart of the current view in the chosen formats, zipped (fflate) with a README of what each file shows.

import { strToU8, zipSync } from 'fflate';
import { useState } from 'react';
import type { ChartSpec } from '../../figures/chart/spec';
import { useFigureExport } from './export-context';
import { csvText, figureConfig, figureSvg, plottedTable, type FigureOptions } from '../../figures/figure-files';
import { download, pdfFile, pngFile } from './browser-files';
import { PNG_DPIS, presetById } from '../../figures/presets';
import { PrintOptions } from './print-options';

/** Formats a pack can hold. */
export type PackFormat = 'svg' | 'pdf' | 'png' | 'csv' | 'json';

/** File name → bytes of the pack of `specs` (PNG at `dpi`), plus README.md listing every file and what it shows. */
export async function figurePackFiles(
  specs: readonly ChartSpec[],
  formats: ReadonlySet<PackFormat>,
  opts: FigureOptions,
  dpi: number,
  view: Record<string, unknown>,
  params?: Record<string, unknown>,
): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const readme = [`# Overton figure pack`, '', `Width ${opts.preset.label}, ${opts.fontPt} pt text, PNG at ${dpi} dpi. View: \`${JSON.stringify(view)}\`.`, '', '| file | shows |', '|---|---|'];
  const bytes = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
  for (const spec of specs) {
    const svg = figureSvg(spec, opts);
    const base = `${spec.id}-${opts.preset.id}`;
    const what = `${spec.title}${spec.subtitle ? ` (${spec.subtitle})` : ''}`.replace(/\|/g, '/');
    const add = (name: string, data: Uint8Array, kind: string) => {
      files[name] = data;
      readme.push(`| ${name} | ${what}: ${kind} |`);
    };
    if (formats.has('svg')) add(`${base}.svg`, strToU8(svg.svg), 'vector figure');
    if (formats.has('pdf')) add(`${base}.pdf`, await bytes(await pdfFile(svg)), 'vector PDF');
    if (formats.has('png')) add(`${base}-${dpi}dpi.png`, await bytes(await pngFile(svg, dpi)), `PNG at ${dpi} dpi`);
    if (formats.has('csv')) add(`${spec.id}.csv`, strToU8(csvText(plottedTable(spec))), 'the plotted data, one row per mark');
    if (formats.has('json')) add(`${base}.config.json`, strToU8(JSON.stringify(figureConfig(spec, opts, view, params), null, 2)), 'config that reopens the view');
  }
  files['README.md'] = strToU8(readme.join('\n') + '\n');
  return files;
}

const ALL: readonly PackFormat[] = ['svg', 'pdf', 'png', 'csv', 'json'];

/** "Figure pack" button for a view's toolbar: zips every chart registered in the surrounding export provider. */
export function FigurePackButton({ name }: { name: string }) {
  const ctx = useFigureExport();
  const [formats, setFormats] = useState<ReadonlySet<PackFormat>>(new Set(ALL));
  const [state, setState] = useState<string | null>(null);
  if (!ctx) return null;
  const make = async () => {
    setState(`Rendering ${ctx.specs.length} figures…`);
    try {
      const { presetId, fontPt, dpi } = ctx.print;
      const files = await figurePackFiles(ctx.specs, formats, { preset: presetById(presetId), fontPt }, dpi, ctx.view, ctx.params);
      download(new Blob([zipSync(files, { level: 6 })], { type: 'application/zip' }), `${name}-figures.zip`);
      setState(`Saved ${name}-figures.zip (${Object.keys(files).length} files).`);
    } catch (e) {
      setState(`Figure pack failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <span className="figure-pack" role="group" aria-label="Figure pack">
      {ALL.map((f) => (
        <label key={f} className="small">
          <input
            type="checkbox"
            checked={formats.has(f)}
            onChange={(e) => setFormats((prev) => {
              const next = new Set(prev);
              if (e.target.checked) next.add(f);
              else next.delete(f);
              return next;
            })}
          />
          {f.toUpperCase()}
        </label>
      ))}
      <PrintOptions value={ctx.print} onChange={ctx.setPrint} />
      <label className="small">
        PNG{' '}
        <select value={ctx.print.dpi} onChange={(e) => ctx.setPrint({ dpi: Number(e.target.value) })}>
          {PNG_DPIS.map((d) => (
            <option key={d} value={d}>
              {d} dpi
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={ctx.specs.length === 0 || formats.size === 0} onClick={() => void make()}>
        Figure pack ({ctx.specs.length})
      </button>
      {state && <span className="muted small" role="status">{state}</span>}
    </span>
  );
}
