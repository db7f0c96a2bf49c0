// Bench-only page (never in the app build): the corpus map's plot with n synthetic points, or a Canvas 2D baseline, for bench/map.bench.ts.
import { createRoot } from 'react-dom/client';
import { MapPlot } from '../../src/ui/scatter/map-plot';
import { CATEGORY_COLORS } from '../../src/figures/palette';
import type { ScatterData, ScatterInstance } from '../../src/ui/scatter/scatter';

const params = new URLSearchParams(location.search);
const n = Number(params.get('n') ?? 100_000);
const renderer = params.get('renderer') ?? 'webgl';

/** n points in 40 seeded Gaussian blobs, 10 systems, 4 kinds: roughly the look of a real corpus map. */
function synthetic(count: number): ScatterData {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const centres = Array.from({ length: 40 }, () => [gauss() * 10, gauss() * 10] as const);
  const xy = new Float32Array(count * 2);
  const color = new Uint8Array(count);
  const shape = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = centres[Math.floor(rnd() * centres.length)]!;
    xy[2 * i] = c[0] + gauss();
    xy[2 * i + 1] = c[1] + gauss();
    color[i] = i % 10;
    shape[i] = (i % 10) % 4;
  }
  return { xy, n: count, color, shape, palette: CATEGORY_COLORS };
}

const data = synthetic(n);
const w = window as unknown as { __mapBench: { ready: boolean; n: number; renderer: string; selected: number; instance: ScatterInstance | null } };
w.__mapBench = { ready: false, n, renderer, selected: -1, instance: null };

/** Baseline: the same points drawn with Canvas 2D on every pan/zoom (what a non-WebGL scatter costs). */
function canvasBaseline(host: HTMLElement, d: ScatterData) {
  const canvas = document.createElement('canvas');
  canvas.width = host.clientWidth;
  canvas.height = host.clientHeight;
  host.append(canvas);
  const ctx = canvas.getContext('2d')!;
  let t = { scale: canvas.width / 60, tx: canvas.width / 2, ty: canvas.height / 2 };
  const draw = () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < d.n; i++) {
      ctx.fillStyle = d.palette[d.color[i]!]!;
      ctx.beginPath();
      ctx.arc(d.xy[2 * i]! * t.scale + t.tx, -d.xy[2 * i + 1]! * t.scale + t.ty, 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  };
  let drag: { x: number; y: number; tx: number; ty: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => (drag = { x: e.clientX, y: e.clientY, tx: t.tx, ty: t.ty }));
  canvas.addEventListener('pointerup', () => (drag = null));
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    t = { ...t, tx: drag.tx + e.clientX - drag.x, ty: drag.ty + e.clientY - drag.y };
    requestAnimationFrame(draw);
  });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const f = Math.exp(-e.deltaY * 0.0015);
    t = { scale: t.scale * f, tx: e.clientX - (e.clientX - t.tx) * f, ty: e.clientY - (e.clientY - t.ty) * f };
    requestAnimationFrame(draw);
  }, { passive: false });
  draw();
}

const root = document.getElementById('root')!;
if (renderer === 'canvas2d') {
  canvasBaseline(root, data);
  w.__mapBench.ready = true;
} else {
  createRoot(root).render(
    <MapPlot
      data={data}
      state={null}
      mode="pan"
      label="bench map"
      onPointClick={(row) => (w.__mapBench.selected = row)}
      onReady={() => (w.__mapBench.ready = true)}
      instanceRef={(i) => void (w.__mapBench.instance = i)}
    />,
  );
}
