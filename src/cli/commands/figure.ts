// `figure <data-folder> --config fig.json --out fig.svg|pdf|png|csv`: rebuilds a chart exported from the app (its
// config JSON) headlessly from the data, with the same spec builders and SVG renderer, so a paper's figures can be
// remade by a script.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { modelKey, sampleKey, withLongTexts, type DatasetRef, type ModelDescriptor, type SampleText } from '../../core/embed/embedder';
import { findingsTables } from '../../core/metrics/distributions';
import type { SemanticDistribution } from '../../core/metrics/semantic-distributions';
import { applySystemOverrides, type SystemOverride } from '../../core/model/system';
import type { Dataset, SystemInfo } from '../../core/model/types';
import type { ChartSpec } from '../../figures/chart/spec';
import { csvText, figureSvg, parseFigureConfig, plottedTable, type FigureConfig, type SizedSvg } from '../../figures/figure-files';
import { colorPoints, sampleColorInputs } from '../../figures/map-colors';
import { mapCsv, mapSvg } from '../../figures/map-svg';
import { FINDINGS_CHART_IDS, measureFigures, SEMANTIC_CHART_IDS, semanticFigures, shownSystems } from '../../figures/findings-figures';
import { coverageSpec } from '../../figures/findings-specs';
import { sampleHeatmapSpec, systemMatrixSpec } from '../../figures/drill-down-figures';
import { FIGURE_PRESETS, FONT_POINTS, presetById } from '../../figures/presets';
import { EmbedderService } from '../../workers/services/embedder-service';
import type { ProjectionParams } from '../../workers/services/projection-service';
import { loadDatasets, optInt, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';
import { nodeRasterizer, pdfBytes, pngBytes } from '../figure-render';
import { resolveModel } from './embed';
import { DEFAULT_THRESHOLD } from './semantic';
import { modelsDir } from '../../node/package-root';


/** Output formats, by the `--out` file's extension. */
const FORMATS = ['svg', 'pdf', 'png', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/** Views whose charts are not rebuilt here, and where to export them instead. */
const APP_ONLY: Record<string, string> = {
  'hint-lab': 'the Hint lab',
};

/** The Corpus map: its export names it `corpus-map-<split>-<method>-<colour by>`. */
const isCorpusMap = (chart: string) => /^corpus-map-.+-(pca|umap)-(system|kind|cluster|length|format)$/.test(chart);
const COLOR_BYS = ['system', 'kind', 'cluster', 'length', 'format'] as const;

/** The Drill-down's joint map (exported as `drill-down-p<prompt>-<method>`) and its similarity matrices. */
const isDrillDownMap = (chart: string) => /^drill-down-p\d+-(pca|umap)$/.test(chart);
const isDrillDownMatrix = (chart: string) => /^(sample-heatmap|system-matrix)-p\d+$/.test(chart);

/** A figure ready to write: its SVG at the print size and the plotted data as CSV. */
interface Built {
  title: string;
  svg: SizedSvg;
  csv: string;
  marks: number;
}

/** What a figure run needs, checked before any data is read. */
interface FigureRequest {
  folder: string;
  config: FigureConfig;
  out: string;
  format: Format;
  dpi: number;
  presetId: string;
  fontPt: number;
}

function request(args: Args): FigureRequest {
  if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
  const configPath = optString(args, 'config');
  if (!configPath) throw new UsageError('missing --config <file.json> (Export → Config JSON in the app)');
  const out = optString(args, 'out');
  if (!out) throw new UsageError('missing --out <file.svg|pdf|png|csv>');
  const ext = extname(out).slice(1).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(ext)) throw new UsageError(`--out must end in .${FORMATS.join(', .')}, not "${basename(out)}"`);
  const dpi = optInt(args, 'dpi', 300, 72, 2400);
  if (args.opts.has('dpi') && ext !== 'png') throw new UsageError('--dpi applies to .png output only');
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config ${configPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let config: FigureConfig;
  try {
    config = parseFigureConfig(text, configPath);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const presetId = optString(args, 'preset') ?? config.preset ?? 'acl-single';
  if (!FIGURE_PRESETS.some((p) => p.id === presetId)) throw new UsageError(`--preset must be one of ${FIGURE_PRESETS.map((p) => p.id).join(', ')}, not "${presetId}"`);
  const fontPt = args.opts.has('font') ? optInt(args, 'font', 9, 6, 14) : typeof config.fontPt === 'number' ? config.fontPt : 9;
  return { folder: args.positional[0]!, config, out, format: ext as Format, dpi, presetId, fontPt };
}

/** The dataset a config was exported from: `--dataset`, else the config's dataset id, else the only one in the folder. */
async function datasetFor(req: FigureRequest, wanted: string | undefined, io: Output): Promise<Dataset> {
  const params = req.config.params ?? {};
  const id = wanted ?? (typeof params.dataset === 'string' ? params.dataset : undefined);
  // The paper's layout keeps a dataset per subfolder: import only that one when it is there (half the time for the paper data).
  const sub = id ? join(req.folder, id) : '';
  const one = sub && existsSync(sub) && statSync(sub).isDirectory() ? (await loadDatasets({ folder: sub }, io)).filter((d) => d.id === id) : [];
  const all = one.length ? one : await loadDatasets({ folder: req.folder }, io);
  const key = typeof req.config.view.dataset === 'string' ? req.config.view.dataset : '';
  const ds = id ? all.find((d) => d.id === id) : all.length === 1 ? all[0] : all.find((d) => d.id === key || key.startsWith(`${d.id}-`));
  if (!ds) {
    const have = all.map((d) => d.id).join(', ');
    throw new Error(id ? `no dataset "${id}" in ${req.folder} (have: ${have})` : `the config does not say which dataset (workspace "${key}"): pass --dataset, one of ${have}`);
  }
  const overrides = params.systemOverrides as Record<string, SystemOverride> | undefined;
  return overrides && typeof overrides === 'object' ? { ...ds, systems: applySystemOverrides(ds.systems, overrides) } : ds;
}

/** The embedding model of a config (`params.embeddingModel`), or `--model`; a string is the reason it cannot be used. */
function modelFor(config: FigureConfig, override: string | undefined): ModelDescriptor | string {
  if (override) return resolveModel(override);
  const m = config.params?.embeddingModel as ModelDescriptor | undefined;
  if (!m || typeof m !== 'object' || typeof m.id !== 'string') return resolveModel('bundled');
  if (m.source === 'folder') return `the config's model is a folder picked in the browser (${m.label}): pass --model <that folder>`;
  const base = m.source === 'bundled' ? resolveModel('bundled') : resolveModel(m.id, m.dtype, m.pooling);
  return typeof base === 'string' ? base : withLongTexts({ ...base, ...(m.maxTokens !== undefined ? { maxTokens: m.maxTokens } : {}) }, m.longTexts ?? 'chunks');
}

/** Embeds what the semantic charts need (the drawn systems and their teachers, or the coverage pair) and computes them. */
async function semanticChart(req: FigureRequest, d: Dataset, split: string, shown: SystemInfo[], args: Args, io: Output): Promise<ChartSpec> {
  const { config } = req;
  const model = modelFor(config, optString(args, 'model'));
  if (typeof model === 'string') throw new Error(model);
  const inputs = config.inputs ?? {};
  const threshold = Number(inputs.threshold ?? config.params?.threshold ?? DEFAULT_THRESHOLD);
  const teachers: Record<string, string> = {};
  for (const s of d.systems) if (s.teacherSystem) teachers[s.id] = s.teacherSystem;
  const coverage = config.chart === 'coverage' ? [String(inputs.base ?? ''), String(inputs.aligned ?? '')] : null;
  if (coverage && !coverage.every((s) => d.systems.some((x) => x.id === s))) throw new Error(`the coverage config names base "${coverage[0]}" and aligned "${coverage[1]}", not both systems of ${d.id}`);
  const drawn = typeof inputs.systems === 'string' && inputs.systems ? shown.filter((s) => (inputs.systems as string).split(',').includes(s.id)) : shown;
  const embedSet = new Set(coverage ?? [...drawn.map((s) => s.id), ...drawn.map((s) => teachers[s.id]).filter((t): t is string => !!t)]);
  const rows = sampleTexts(d, split, (s) => embedSet.has(s.system));
  // Coverage embeds sentences itself (cache-first), not whole samples.
  const source = coverage ? 'none' : (optString(args, 'vectors') ?? 'embed');
  return withVectors(d, split, rows, model, source, io, async (svc, ref, key) => {
    if (coverage) {
      const [b, a] = coverage.map((id) => d.systems.find((s) => s.id === id)!) as [SystemInfo, SystemInfo];
      const cov = await svc.coverageDataset(ref, model, b.id, a.id, threshold, {}, (p) => p.done < p.total && io.err(`  coverage: ${p.done}/${p.total} prompts`));
      return coverageSpec(b, a, cov, threshold);
    }
    const dists: SemanticDistribution[] = await svc.semanticDistributions(ref, key, { threshold, teachers, systems: [...embedSet].sort() });
    const figs = semanticFigures(drawn, findingsTables(d, split), dists, model, threshold, config.chart === 'diversity-scatter-prompts');
    return Object.values(figs).find((s) => s.id === config.chart)!;
  });
}

/** The texts of `split`'s samples that `keep` picks (samples without text are never embedded), keyed as the embedder keys them. */
function sampleTexts(d: Dataset, split: string, keep: (s: Dataset['samples'][number]) => boolean): SampleText[] {
  return d.samples
    .filter((s) => s.split === split && s.text !== null && keep(s))
    .map((s) => ({ key: sampleKey({ system: s.system, prompt: s.prompt, index: s.index }), text: s.text! }));
}

/**
 * Runs `work` over an embedder service holding `rows` and their vectors: `source` is a vectors file (`embed --out`, the
 * same file a user imports in the app), `embed` (embedded with `model`, progress on stderr) or `none` (rows only).
 * `key` names the vector table.
 */
async function withVectors<T>(
  d: Dataset,
  split: string,
  rows: SampleText[],
  model: ModelDescriptor,
  source: string,
  io: Output,
  work: (svc: EmbedderService, ref: DatasetRef, key: string) => Promise<T>,
): Promise<T> {
  const ref: DatasetRef = { dataset: d.id, contentHash: 'cli', split };
  const svc = new EmbedderService({ localModelPath: modelsDir() });
  try {
    svc.putRows(ref, rows);
    let key = modelKey(model);
    if (source !== 'embed' && source !== 'none') {
      const rep = await svc.importJsonl(ref, new Blob([readFileSync(source)]), basename(source), d.id, rows);
      for (const p of rep.problems.slice(0, 5)) io.err(p);
      key = rep.model;
    } else if (source === 'embed') {
      let last = 0;
      const c = await svc.embedDataset(ref, model, { batchSize: 32 }, (p) => {
        const now = performance.now();
        if (p.phase !== 'embedding' || (now - last < 2000 && p.done < p.total)) return;
        last = now;
        io.err(`  embedding ${p.done}/${p.total} texts`);
      });
      io.err(`${d.id}: embedded ${c.n} texts in ${(c.ms / 1000).toFixed(1)} s`);
    }
    return await work(svc, ref, key);
  } finally {
    await svc.dispose();
  }
}

/** The chart of the config, rebuilt from `d`. */
async function chartFor(req: FigureRequest, d: Dataset, args: Args, io: Output): Promise<ChartSpec> {
  const view = req.config.view;
  const split = typeof view.split === 'string' ? view.split : 'outputs';
  const inSplit = [...new Set(d.samples.filter((s) => s.split === split).map((s) => s.system as string))];
  if (!inSplit.length) throw new Error(`no samples in split "${split}" of ${d.id}`);
  const chosen = Array.isArray(view.systems) ? view.systems.filter((s): s is string => typeof s === 'string') : undefined;
  const { shown } = shownSystems(d.systems, inSplit, chosen);
  if (!shown.length) throw new Error(`none of the config's systems (${chosen?.join(', ')}) has samples in split "${split}" of ${d.id}`);
  if (SEMANTIC_CHART_IDS.has(req.config.chart)) return semanticChart(req, d, split, shown, args, io);
  const figs = measureFigures(shown, findingsTables(d, split));
  return Object.values(figs).find((s) => s.id === req.config.chart)!;
}

/**
 * The Drill-down's figures of one prompt, as the app exports them with no selection: the joint map (the prompt's
 * samples of the drawn systems projected, PCA or UMAP, seeded, same service; coloured by system, shaped by kind, every
 * point a vector mark), or its sample × sample / system × system cosine matrix.
 */
async function drillDownMap(req: FigureRequest, d: Dataset, args: Args, io: Output): Promise<Built> {
  const { config } = req;
  const view = config.view;
  const inputs = config.inputs ?? {};
  const split = typeof view.split === 'string' ? view.split : 'outputs';
  const prompt = Number(inputs.prompt ?? view.prompt ?? d.prompts[0]?.index ?? 0);
  if (!d.prompts.some((p) => p.index === prompt)) throw new Error(`no prompt ${prompt} in ${d.id}`);
  const inSplit = new Set(d.samples.filter((s) => s.split === split).map((s) => s.system as string));
  const asked = typeof inputs.systems === 'string' && inputs.systems ? inputs.systems.split(',') : Array.isArray(view.systems) ? view.systems.map(String) : [...inSplit].sort();
  const systems = asked.filter((s) => inSplit.has(s));
  if (!systems.length) throw new Error(`none of the map's systems (${asked.join(', ')}) has samples in split "${split}" of ${d.id}`);
  const params = projectionOf(config);
  const model = modelFor(config, optString(args, 'model'));
  if (typeof model === 'string') throw new Error(model);
  const rows = sampleTexts(d, split, (s) => s.prompt === prompt && systems.includes(s.system));
  return withVectors(d, split, rows, model, optString(args, 'vectors') ?? 'embed', io, async (svc, ref, key) => {
    const map = await svc.projectPrompt(ref, key, prompt, systems, params);
    if (map.rows.n === 0) throw new Error(`no embedded sample of prompt ${prompt} for ${systems.join(', ')}`);
    const kindOf = (s: string) => d.systems.find((x) => x.id === s)?.kind ?? 'other';
    if (isDrillDownMatrix(config.chart)) {
      const spec = config.chart.startsWith('sample-heatmap') ? sampleHeatmapSpec(prompt, map, kindOf) : systemMatrixSpec(prompt, map, kindOf);
      return specFigure(spec, req);
    }
    const colored = colorPoints({ ...map, kindOf }, 'system');
    const legend = colored.legend.map((k) => ({ label: k.label, color: k.color, shape: k.shape }));
    const picture = { data: colored.data, state: new Uint8Array(colored.data.n) };
    const axis = map.method.toUpperCase();
    const svg = mapSvg(picture, { widthIn: presetById(req.presetId).widthIn, fontPt: req.fontPt, legend, xLabel: `${axis} 1`, yLabel: `${axis} 2` });
    return { title: `Joint map of prompt ${prompt} (${axis})`, svg, csv: mapCsv(picture, legend), marks: map.rows.n };
  });
}

/** The projection a map config was drawn with (`params.projection`, the view's, the method drawn in `inputs`). */
function projectionOf(config: FigureConfig): ProjectionParams {
  const proj = (config.params?.projection ?? config.view.projection ?? {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  return {
    method: ((config.inputs ?? {}).method ?? proj.method) === 'umap' ? 'umap' : 'pca',
    seed: num(proj.seed, 42),
    threshold: num(proj.threshold, DEFAULT_THRESHOLD),
    ...(typeof proj.nNeighbors === 'number' ? { nNeighbors: proj.nNeighbors } : {}),
    ...(typeof proj.minDist === 'number' ? { minDist: proj.minDist } : {}),
  };
}

/**
 * The Corpus map, as the app exports it without a lasso selection: every sample of the split with a vector projected,
 * coloured as the config says, systems outside the view's chosen ones dimmed. Above 20k points the points are one
 * embedded image (drawn by resvg here, by a canvas in the page), under the same vector frame and legend.
 */
async function corpusMap(req: FigureRequest, d: Dataset, args: Args, io: Output): Promise<Built> {
  const { config } = req;
  const view = config.view;
  const split = typeof view.split === 'string' ? view.split : 'outputs';
  const by = (config.params?.colorBy ?? view.colorBy ?? 'system') as string;
  const colorBy = (COLOR_BYS as readonly string[]).includes(by) ? (by as (typeof COLOR_BYS)[number]) : 'system';
  const params = { ...projectionOf(config), clusters: false };
  const model = modelFor(config, optString(args, 'model'));
  if (typeof model === 'string') throw new Error(model);
  const rows = sampleTexts(d, split, () => true);
  const textOf = new Map(d.samples.filter((s) => s.split === split).map((s) => [`${s.system}\u0000${s.prompt}\u0000${s.index}`, s.text ?? '']));
  const raster = await nodeRasterizer();
  return withVectors(d, split, rows, model, optString(args, 'vectors') ?? 'embed', io, async (svc, ref, key) => {
    let map = await svc.projectSplit(ref, key, params);
    if (map.rows.n === 0) throw new Error(`no sample of split "${split}" of ${d.id} has a vector`);
    if (colorBy === 'cluster') {
      const c = await svc.clusterSplit(ref, key, params.threshold);
      map = { ...map, labels: c.labels, clusterWords: c.clusterWords };
    }
    const r = map.rows;
    const text = (i: number) => textOf.get(`${r.systems[r.system[i]!]}\u0000${r.prompt[i]}\u0000${r.sample[i]}`) ?? '';
    const kindOf = (s: string) => d.systems.find((x) => x.id === s)?.kind ?? 'other';
    const colored = colorPoints({ ...map, kindOf, ...sampleColorInputs(colorBy, r.n, text) }, colorBy);
    const legend = colored.legend.map((k) => ({ label: k.label, color: k.color, shape: k.shape }));
    // Systems the view did not choose are dimmed, as on screen.
    const chosen = Array.isArray(view.systems) ? new Set(view.systems.map(String)) : null;
    const state = Uint8Array.from({ length: r.n }, (_, i) => (chosen && !chosen.has(r.systems[r.system[i]!]!) ? 1 : 0));
    const picture = { data: colored.data, state };
    const axis = map.method.toUpperCase();
    const svg = mapSvg(picture, { widthIn: presetById(req.presetId).widthIn, fontPt: req.fontPt, legend, xLabel: `${axis} 1`, yLabel: `${axis} 2` }, raster);
    return { title: `Corpus map of ${d.id} ${split} (${axis}, by ${colorBy})`, svg, csv: mapCsv(picture, legend), marks: r.n };
  });
}

/** The config's figure, rebuilt from `d`. */
async function build(req: FigureRequest, d: Dataset, args: Args, io: Output): Promise<Built> {
  if (isDrillDownMap(req.config.chart) || isDrillDownMatrix(req.config.chart)) return drillDownMap(req, d, args, io);
  if (isCorpusMap(req.config.chart)) return corpusMap(req, d, args, io);
  return specFigure(await chartFor(req, d, args, io), req);
}

/** A chart spec as a figure at the request's preset and font. */
function specFigure(spec: ChartSpec, req: FigureRequest): Built {
  const table = plottedTable(spec);
  return { title: spec.title, svg: figureSvg(spec, { preset: presetById(req.presetId), fontPt: req.fontPt }), csv: csvText(table), marks: table.rows.length };
}

/** Runs `figure` with an explicit output (tests pass collectors). */
export async function runFigure(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  let req: FigureRequest;
  try {
    args = parseArgs(argv, { valued: ['config', 'out', 'dpi', 'dataset', 'preset', 'font', 'model', 'vectors'], flags: [] });
    req = request(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const { config } = req;
  if (!FINDINGS_CHART_IDS.includes(config.chart) && !isDrillDownMap(config.chart) && !isDrillDownMatrix(config.chart) && !isCorpusMap(config.chart)) {
    const from = typeof config.view.view === 'string' ? APP_ONLY[config.view.view] : undefined;
    io.err(`chart "${config.chart}"${from ? ` comes from ${from}` : ''}: figure rebuilds the Findings charts (${FINDINGS_CHART_IDS.join(', ')}), the Drill-down's map and similarity matrices, and the Corpus map; export this one from the app`);
    return 1;
  }
  try {
    const d = await datasetFor(req, optString(args, 'dataset'), io);
    const fig = await build(req, d, args, io);
    const sized = fig.svg;
    let bytes: Uint8Array | string;
    if (req.format === 'svg') bytes = `<?xml version="1.0" encoding="UTF-8"?>\n${sized.svg}`;
    else if (req.format === 'csv') bytes = fig.csv;
    else if (req.format === 'pdf') bytes = await pdfBytes(sized);
    else bytes = await pngBytes(sized, req.dpi, io.err);
    mkdirSync(dirname(resolve(req.out)), { recursive: true });
    writeFileSync(req.out, bytes);
    const inches = (px: number) => (px / 96).toFixed(2);
    io.err(`wrote ${req.out}: "${fig.title}", ${d.id}, ${inches(sized.width)} × ${inches(sized.height)} in${req.format === 'png' ? ` at ${req.dpi} dpi` : ''}, ${fig.marks} marks`);
    return 0;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

/** The command. */
export const command: Command = {
  summary: 'rebuild a Findings chart or a map exported from the app (its config JSON) as SVG, vector PDF, PNG or CSV',
  usage: [
    'usage: npm run cli -- figure <data-folder> --config fig.config.json --out fig.svg|fig.pdf|fig.png|fig.csv',
    `                             [--dpi 300] [--preset ${FIGURE_PRESETS.map((p) => p.id).join('|')}] [--font ${FONT_POINTS.join('|')}]`,
    '                             [--dataset D] [--model bundled|<hub id>|<folder>] [--vectors file.jsonl]',
    '',
    'Reads a figure config saved in the app (Export → Config JSON) from a Findings chart, the Drill-down map or the',
    'Corpus map, imports the data folder and draws the same figure with the same builders, projection and renderer as',
    'the app: dataset, split, systems, prompt, projection, seed and colouring from the config; preset and font too unless',
    '--preset / --font say otherwise. .pdf is vector (text as text); .png is width × dpi pixels with its pHYs set to',
    '--dpi; .csv is the plotted marks. Semantic charts and maps embed what they draw with the config\'s model first',
    '(semantic charts: the drawn systems and their teachers; maps: the prompt\'s or the split\'s samples), or read',
    '--vectors from `embed --out` (the file the app imports).',
  ].join('\n'),
  run: (argv) => runFigure(argv),
};
