// Presentational controls shared by the map views: selection tool, projection method + seed, and a colour/shape legend.

import type { ScatterMode, ScatterShape } from './scatter';
import './scatter.css';

const SHAPE_GLYPH = ['●', '■', '▲', '◆'] as const;

/** Pan / lasso / box, as a labelled radio group (keyboard: arrows move between options). */
export function ToolPicker({ value, onChange }: { value: ScatterMode; onChange(m: ScatterMode): void }) {
  const tools: [ScatterMode, string][] = [
    ['pan', 'Pan'],
    ['lasso', 'Lasso'],
    ['box', 'Box'],
  ];
  return (
    <fieldset className="map-tools">
      <legend>Drag to</legend>
      {tools.map(([m, label]) => (
        <label key={m}>
          <input type="radio" name="map-tool" value={m} checked={value === m} onChange={() => onChange(m)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

/** Projection method and seed (part of the URL view state). */
export function MethodPicker({ method, seed, onChange, umapAvailable }: { method: 'pca' | 'umap'; seed: number; onChange(p: { method: 'pca' | 'umap'; seed: number }): void; umapAvailable: boolean }) {
  return (
    <span className="map-method">
      <label>
        Projection{' '}
        <select aria-label="Projection" value={method} onChange={(e) => onChange({ method: e.target.value === 'umap' ? 'umap' : 'pca', seed })}>
          <option value="pca">PCA</option>
          <option value="umap" disabled={!umapAvailable}>
            UMAP{umapAvailable ? '' : ' (not in this build)'}
          </option>
        </select>
      </label>
      <label>
        Seed{' '}
        <input
          aria-label="Seed"
          type="number"
          min={0}
          step={1}
          value={seed}
          style={{ width: '5em' }}
          onChange={(e) => {
            const s = Math.floor(Number(e.target.value));
            if (Number.isFinite(s) && s >= 0) onChange({ method, seed: s });
          }}
        />
      </label>
    </span>
  );
}

/** One legend entry: a swatch in the entry's colour and shape. */
export interface LegendItem {
  label: string;
  color: string;
  shape?: ScatterShape;
  /** Count shown after the label. */
  count?: number;
  /** Clicking the entry (e.g. to select a system or cluster); omitted = not clickable. */
  onPick?(): void;
  active?: boolean;
}

/** A vertical legend; clickable entries are buttons. */
export function MapLegend({ title, items }: { title: string; items: readonly LegendItem[] }) {
  return (
    <div className="map-legend">
      <h3>{title}</h3>
      <ul>
        {items.map((it) => {
          const body = (
            <>
              <span className="map-swatch" style={{ color: it.color }} aria-hidden="true">
                {SHAPE_GLYPH[it.shape ?? 0]}
              </span>
              <span className="map-legend-label">{it.label}</span>
              {it.count !== undefined && <span className="muted"> {it.count}</span>}
            </>
          );
          return (
            <li key={it.label}>
              {it.onPick ? (
                <button type="button" className={`map-legend-pick${it.active ? ' active' : ''}`} aria-pressed={it.active ?? false} onClick={it.onPick}>
                  {body}
                </button>
              ) : (
                body
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
