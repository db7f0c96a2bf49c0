// Sample × sample cosine heatmap of one prompt, grouped by system (canvas; the hovered cell's value is read out as text).

import { useEffect, useRef, useState } from 'react';
import type { RowIndex } from '../../core/embed/row-index';
import { SEQUENTIAL_COLORS } from '../../figures/palette';

/** Cividis bin of a cosine in [lo, 1]. */
function colorOf(v: number, lo: number): string {
  const t = Math.max(0, Math.min(1, (v - lo) / Math.max(1e-9, 1 - lo)));
  return SEQUENTIAL_COLORS[Math.min(SEQUENTIAL_COLORS.length - 1, Math.floor(t * SEQUENTIAL_COLORS.length))]!;
}

/** `heatmap` is rows.n² row-major in point order; points are already grouped by system. */
export function SimilarityHeatmap({ rows, heatmap, size = 320 }: { rows: RowIndex; heatmap: Float32Array; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const m = rows.n;
  const cell = Math.max(1, Math.floor(size / Math.max(1, m)));
  const px = cell * m;
  let lo = 1;
  for (let i = 0; i < heatmap.length; i++) if (Math.floor(i / m) !== i % m) lo = Math.min(lo, heatmap[i]!);
  lo = Math.min(lo, 0.99);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = px * dpr;
    c.height = px * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        ctx.fillStyle = colorOf(heatmap[a * m + b]!, lo);
        ctx.fillRect(b * cell, a * cell, cell, cell);
      }
    }
    // White lines between systems.
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1.5;
    for (let i = 1; i < m; i++) {
      if (rows.system[i] === rows.system[i - 1]) continue;
      ctx.beginPath();
      ctx.moveTo(i * cell, 0);
      ctx.lineTo(i * cell, px);
      ctx.moveTo(0, i * cell);
      ctx.lineTo(px, i * cell);
      ctx.stroke();
    }
  }, [rows, heatmap, m, cell, px, lo]);
  const groups: { system: string; count: number }[] = [];
  for (let i = 0; i < m; i++) {
    const system = rows.systems[rows.system[i]!]!;
    if (groups.at(-1)?.system === system) groups.at(-1)!.count++;
    else groups.push({ system, count: 1 });
  }
  const name = (i: number) => `${rows.systems[rows.system[i]!]} #${rows.sample[i]! + 1}`;
  return (
    <figure className="heatmap" style={{ margin: 0 }}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Cosine similarity of ${m} samples, grouped by system`}
        style={{ width: px, height: px, display: 'block' }}
        onMouseMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const b = Math.floor((e.clientX - r.left) / cell);
          const a = Math.floor((e.clientY - r.top) / cell);
          setHover(a >= 0 && b >= 0 && a < m && b < m ? `${name(a)} × ${name(b)}: ${heatmap[a * m + b]!.toFixed(3)}` : null);
        }}
        onMouseLeave={() => setHover(null)}
      />
      <figcaption className="muted small" style={{ maxWidth: Math.max(px, 320) }}>
        <div>Rows and columns, in order: {groups.map((g) => `${g.system} (${g.count})`).join(', ')}</div>
        <div aria-live="polite">{hover ?? `Cosine, ${lo.toFixed(2)} (dark) to 1 (yellow); white lines separate systems.`}</div>
      </figcaption>
    </figure>
  );
}
