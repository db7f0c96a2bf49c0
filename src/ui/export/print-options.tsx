// The width and font pickers of every Export menu, over one print setting: the view's (shared by its menus, its
// figure pack and "open config") inside a FigureExportProvider, else the menu's own.

import { useState } from 'react';
import { DEFAULT_PRINT, FIGURE_PRESETS, FONT_POINTS, type PrintSettings } from '../../figures/presets';
import { useFigureExport } from './export-context';

/** The print settings in effect and their setter (see file header). */
export function usePrint(): [PrintSettings, (p: Partial<PrintSettings>) => void] {
  const ctx = useFigureExport();
  const [own, setOwn] = useState<PrintSettings>(DEFAULT_PRINT);
  if (ctx) return [ctx.print, ctx.setPrint];
  return [own, (p) => setOwn((s) => ({ ...s, ...p }))];
}

/** Width (venue preset) and font size selects. */
export function PrintOptions({ value, onChange }: { value: PrintSettings; onChange(p: Partial<PrintSettings>): void }) {
  return (
    <>
      <label>
        Width{' '}
        <select value={value.presetId} onChange={(e) => onChange({ presetId: e.target.value as PrintSettings['presetId'] })}>
          {FIGURE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Font{' '}
        <select value={value.fontPt} onChange={(e) => onChange({ fontPt: Number(e.target.value) })}>
          {FONT_POINTS.map((p) => (
            <option key={p} value={p}>
              {p} pt
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
