// A WebGL2 scatter of up to ~1M points (one gl.POINTS draw): colour and shape per point, pan/zoom, hover, click, lasso and box selection.

import type { ScatterData, ScatterShape } from '../../figures/map-points';
import { boundsOf, fitTransform, GridIndex, selectInBox, selectInPolygon, toData, zoomAt, type ViewTransform } from './geometry';

export type { ScatterData, ScatterShape };

/** Selection tool: drag pans (`pan`), draws a free lasso (`lasso`) or a rectangle (`box`). Wheel always zooms. */
export type ScatterMode = 'pan' | 'lasso' | 'box';

/** Callbacks from user interaction; rows are indices into the current data. */
export interface ScatterHandlers {
  /** The point under the cursor changed (`row` -1 = none); `x`, `y` are CSS px inside the canvas. */
  onHover?(row: number, x: number, y: number): void;
  /** A click without drag; `row` -1 when it hit no point. */
  onClick?(row: number): void;
  /** A lasso or box selection finished; rows ascending (empty when it caught nothing). */
  onSelect?(rows: number[]): void;
  /** The view transform changed (pan, zoom, fit). */
  onView?(t: ViewTransform): void;
}

/** Everything an export needs to redraw the current picture. */
export interface ScatterSnapshot {
  data: ScatterData;
  transform: ViewTransform;
  width: number;
  height: number;
  /** Per point: 0 shown, 1 dimmed (filtered out by a linked selection), 2 highlighted (selected / pinned). */
  state: Uint8Array;
  pointSize: number;
}

/** The imperative scatter, owned by a React ref (create / update / destroy). */
export interface ScatterInstance {
  /** Replaces the data; keeps the view unless `refit` (or the first data). */
  setData(data: ScatterData, refit?: boolean): void;
  /** Per-point state (see {@link ScatterSnapshot.state}); null = all shown. Length n. */
  setState(state: Uint8Array | null): void;
  setMode(mode: ScatterMode): void;
  setHandlers(h: ScatterHandlers): void;
  /** Fits all points into view. */
  fit(): void;
  /** Sets the transform (e.g. a scripted pan/zoom, or a restored view). */
  setTransform(t: ViewTransform): void;
  transform(): ViewTransform;
  snapshot(): ScatterSnapshot;
  destroy(): void;
}

const VERT = `#version 300 es
in vec2 a_pos;
in float a_color;
in float a_shape;
in float a_state;
uniform vec3 u_view; // scale, tx, ty in CSS px
uniform vec2 u_size; // canvas CSS px
uniform float u_point; // CSS px
uniform float u_dpr;
uniform vec4 u_palette[64];
out vec4 v_color;
flat out int v_shape;
void main() {
  vec2 s = vec2(a_pos.x * u_view.x + u_view.y, -a_pos.y * u_view.x + u_view.z);
  gl_Position = vec4(s.x / u_size.x * 2.0 - 1.0, 1.0 - s.y / u_size.y * 2.0, a_state > 1.5 ? 0.0 : 0.5, 1.0);
  vec4 c = u_palette[int(a_color)];
  float size = u_point;
  if (a_state > 0.5 && a_state < 1.5) { c = vec4(mix(c.rgb, vec3(0.85), 0.6), 0.5); size *= 0.8; }
  if (a_state > 1.5) size *= 1.8;
  v_color = c;
  v_shape = int(a_shape);
  gl_PointSize = size * u_dpr;
}`;

const FRAG = `#version 300 es
precision mediump float;
in vec4 v_color;
flat in int v_shape;
out vec4 outColor;
void main() {
  // gl_PointCoord's y runs down; flip it so triangles point up.
  vec2 p = vec2(gl_PointCoord.x, 1.0 - gl_PointCoord.y) * 2.0 - 1.0;
  float d;
  if (v_shape == 1) d = max(abs(p.x), abs(p.y)) * 1.1;
  else if (v_shape == 2) d = max(abs(p.x) * 1.7 + p.y * 0.98, -p.y * 1.0) * 1.05;
  else if (v_shape == 3) d = (abs(p.x) + abs(p.y)) * 0.95;
  else d = length(p);
  if (d > 1.0) discard;
  float edge = d > 0.78 ? 0.65 : 1.0;
  outColor = vec4(v_color.rgb * edge * v_color.a, v_color.a);
}`;

function parseHex(c: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(c.trim());
  if (!m) return [0.5, 0.5, 0.5];
  const v = parseInt(m[1]!, 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

function compile(gl: WebGL2RenderingContext, type: number, src: string): WebGLShader {
  const s = gl.createShader(type)!;
  gl.shaderSource(s, src);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`scatter shader: ${gl.getShaderInfoLog(s) ?? 'compile failed'}`);
  return s;
}

/** Thrown when the browser gives no WebGL2 context; the view shows its message instead of a blank canvas. */
export class NoWebGlError extends Error {
  constructor() {
    super('This browser gives no WebGL2 context, so the map cannot be drawn (try another browser or enable hardware acceleration).');
    this.name = 'NoWebGlError';
  }
}

/**
 * Creates a scatter inside `host` (a positioned element it fills with a WebGL canvas and a 2-D overlay for the lasso).
 * Throws {@link NoWebGlError} without WebGL2. Rendering happens on animation frames only when something changed.
 */
export function createScatter(host: HTMLElement, opts: { pointSize?: number; mode?: ScatterMode; handlers?: ScatterHandlers } = {}): ScatterInstance {
  const canvas = document.createElement('canvas');
  const overlay = document.createElement('canvas');
  for (const c of [canvas, overlay]) Object.assign(c.style, { position: 'absolute', inset: '0', width: '100%', height: '100%' });
  overlay.style.pointerEvents = 'none';
  canvas.style.touchAction = 'none';
  const gl = canvas.getContext('webgl2', { antialias: false, premultipliedAlpha: true, preserveDrawingBuffer: false });
  if (!gl) throw new NoWebGlError();
  host.append(canvas, overlay);

  const prog = gl.createProgram()!;
  gl.attachShader(prog, compile(gl, gl.VERTEX_SHADER, VERT));
  gl.attachShader(prog, compile(gl, gl.FRAGMENT_SHADER, FRAG));
  gl.linkProgram(prog);
  if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error(`scatter program: ${gl.getProgramInfoLog(prog) ?? 'link failed'}`);
  const loc = (n: string) => gl.getAttribLocation(prog, n);
  const uni = (n: string) => gl.getUniformLocation(prog, n);
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const buffers = { pos: gl.createBuffer(), color: gl.createBuffer(), shape: gl.createBuffer(), state: gl.createBuffer() };
  const attrib = (buf: WebGLBuffer, name: string, size: number, type: number) => {
    const l = loc(name);
    gl.bindBuffer(gl.ARRAY_BUFFER, buf);
    gl.enableVertexAttribArray(l);
    gl.vertexAttribPointer(l, size, type, false, 0, 0);
  };
  attrib(buffers.pos, 'a_pos', 2, gl.FLOAT);
  attrib(buffers.color, 'a_color', 1, gl.UNSIGNED_BYTE);
  attrib(buffers.shape, 'a_shape', 1, gl.UNSIGNED_BYTE);
  attrib(buffers.state, 'a_state', 1, gl.UNSIGNED_BYTE);

  let data: ScatterData = { xy: new Float32Array(0), n: 0, color: new Uint8Array(0), palette: [] };
  let state: Uint8Array = new Uint8Array(0);
  let visible: Uint8Array | undefined;
  let grid: GridIndex | null = null;
  let view: ViewTransform = { scale: 1, tx: 0, ty: 0 };
  let fitted = false;
  // Until the user pans or zooms, a resize refits (a view that mounts small then grows should not stay small).
  let userMoved = false;
  let mode: ScatterMode = opts.mode ?? 'pan';
  let handlers: ScatterHandlers = opts.handlers ?? {};
  const pointSize = opts.pointSize ?? 5;
  let width = 1;
  let height = 1;
  let frame = 0;
  let hovered = -1;

  const size = () => {
    const r = host.getBoundingClientRect();
    width = Math.max(1, r.width);
    height = Math.max(1, r.height);
    const dpr = window.devicePixelRatio || 1;
    for (const c of [canvas, overlay]) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
  };

  const draw = () => {
    frame = 0;
    const dpr = window.devicePixelRatio || 1;
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    if (!data.n) return;
    gl.useProgram(prog);
    gl.bindVertexArray(vao);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    // Highlighted points sit in front of the rest without sorting: they get a smaller depth.
    gl.enable(gl.DEPTH_TEST);
    gl.depthFunc(gl.LEQUAL);
    gl.uniform3f(uni('u_view'), view.scale, view.tx, view.ty);
    gl.uniform2f(uni('u_size'), width, height);
    gl.uniform1f(uni('u_point'), pointSize);
    gl.uniform1f(uni('u_dpr'), dpr);
    const pal = new Float32Array(64 * 4);
    data.palette.slice(0, 64).forEach((c, i) => pal.set([...parseHex(c), 1], i * 4));
    gl.uniform4fv(uni('u_palette'), pal);
    gl.drawArrays(gl.POINTS, 0, data.n);
  };
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  const viewChanged = () => {
    redraw();
    // Readable from outside (tests, export): CSS px = data × scale + (tx, ty), y flipped.
    host.dataset.transform = `${view.scale} ${view.tx} ${view.ty}`;
    handlers.onView?.(view);
  };

  const uploadState = () => {
    gl.bindBuffer(gl.ARRAY_BUFFER, buffers.state);
    gl.bufferData(gl.ARRAY_BUFFER, state, gl.DYNAMIC_DRAW);
    visible = state.some((s) => s === 1) ? state.map((s) => (s === 1 ? 0 : 1)) : undefined;
  };

  const fit = () => {
    view = fitTransform(boundsOf(data.xy, data.n), width, height);
    fitted = true;
    viewChanged();
  };

  // Pointer handling: a drag pans or draws the selection shape; a press-release without movement is a click.
  let drag: { x: number; y: number; moved: boolean; path: number[]; start: ViewTransform } | null = null;
  const local = (e: PointerEvent | WheelEvent) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const pick = (x: number, y: number) => {
    if (!grid) return -1;
    const [dx, dy] = toData(view, x, y);
    return grid.nearest(dx, dy, (pointSize + 3) / view.scale, visible);
  };
  const drawOverlay = () => {
    const ctx = overlay.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!drag || drag.path.length < 4 || mode === 'pan') return;
    ctx.beginPath();
    const p = drag.path;
    if (mode === 'box') ctx.rect(p[0]!, p[1]!, p[p.length - 2]! - p[0]!, p[p.length - 1]! - p[1]!);
    else {
      ctx.moveTo(p[0]!, p[1]!);
      for (let i = 2; i < p.length; i += 2) ctx.lineTo(p[i]!, p[i + 1]!);
      ctx.closePath();
    }
    ctx.fillStyle = 'rgba(0, 114, 178, 0.08)';
    ctx.strokeStyle = '#0072B2';
    ctx.setLineDash([4, 3]);
    ctx.fill();
    ctx.stroke();
  };
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const [x, y] = local(e);
    canvas.setPointerCapture(e.pointerId);
    drag = { x, y, moved: false, path: [x, y], start: view };
  };
  const onMove = (e: PointerEvent) => {
    const [x, y] = local(e);
    if (drag) {
      if (Math.abs(x - drag.x) + Math.abs(y - drag.y) > 3) drag.moved = true;
      if (!drag.moved) return;
      if (mode === 'pan') {
        view = { scale: drag.start.scale, tx: drag.start.tx + x - drag.x, ty: drag.start.ty + y - drag.y };
        userMoved = true;
        viewChanged();
      } else {
        if (mode === 'box') drag.path = [drag.x, drag.y, x, y];
        else drag.path.push(x, y);
        drawOverlay();
      }
      return;
    }
    const row = pick(x, y);
    if (row !== hovered) {
      hovered = row;
      canvas.style.cursor = row >= 0 ? 'pointer' : mode === 'pan' ? 'grab' : 'crosshair';
    }
    handlers.onHover?.(row, x, y);
  };
  const onUp = (e: PointerEvent) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    drawOverlay();
    if (!d.moved) {
      const [x, y] = local(e);
      handlers.onClick?.(pick(x, y));
      return;
    }
    if (mode === 'box' && d.path.length === 4) handlers.onSelect?.(selectInBox(data.xy, data.n, view, d.path[0]!, d.path[1]!, d.path[2]!, d.path[3]!, visible));
    else if (mode === 'lasso') handlers.onSelect?.(selectInPolygon(data.xy, data.n, view, d.path, visible));
  };
  const onLeave = () => {
    if (hovered !== -1) handlers.onHover?.(-1, 0, 0);
    hovered = -1;
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const [x, y] = local(e);
    view = zoomAt(view, x, y, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
    userMoved = true;
    viewChanged();
  };
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointerleave', onLeave);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  const resize = new ResizeObserver(() => {
    const before = { width, height };
    size();
    // Keep the centre where it was when the host resizes.
    view = { ...view, tx: view.tx + (width - before.width) / 2, ty: view.ty + (height - before.height) / 2 };
    if ((!fitted || !userMoved) && data.n) fit();
    else redraw();
  });
  resize.observe(host);
  size();

  return {
    setData(next, refit = false) {
      data = next;
      gl.bindBuffer(gl.ARRAY_BUFFER, buffers.pos);
      gl.bufferData(gl.ARRAY_BUFFER, next.xy.subarray(0, next.n * 2), gl.STATIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffers.color);
      gl.bufferData(gl.ARRAY_BUFFER, next.color.subarray(0, next.n), gl.STATIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffers.shape);
      gl.bufferData(gl.ARRAY_BUFFER, next.shape?.subarray(0, next.n) ?? new Uint8Array(next.n), gl.STATIC_DRAW);
      if (state.length !== next.n) {
        state = new Uint8Array(next.n);
        uploadState();
      }
      grid = new GridIndex(next.xy, next.n);
      if (refit) userMoved = false;
      if (refit || !fitted) fit();
      else redraw();
    },
    setState(s) {
      state = s && s.length === data.n ? s : new Uint8Array(data.n);
      uploadState();
      redraw();
    },
    setMode(m) {
      mode = m;
      canvas.style.cursor = m === 'pan' ? 'grab' : 'crosshair';
    },
    setHandlers(h) {
      handlers = h;
    },
    fit,
    setTransform(t) {
      view = t;
      fitted = true;
      userMoved = true;
      viewChanged();
    },
    transform: () => view,
    snapshot: () => ({ data, transform: view, width, height, state, pointSize }),
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      resize.disconnect();
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('wheel', onWheel);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      canvas.remove();
      overlay.remove();
    },
  };
}
