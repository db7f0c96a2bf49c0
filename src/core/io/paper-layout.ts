// Importer for the paper's `data/` layout (github.com/thomlake/investigating-alignment): datasets, samples, judges, summaries, BERTScore.

import { datasetId, promptId, systemId } from '../model/ids';
import { judgeLineProblem } from '../metrics/judges';
import { describeSystem } from '../model/system';
import type {
  BertScoreFile,
  BertScoreRow,
  Dataset,
  ImportProblem,
  ImportResult,
  JudgeKind,
  JudgeRecord,
  Prompt,
  Sample,
  Summary,
  SystemInfo,
} from '../model/types';
import type { FileSource } from './file-source';
import { pickJsonFields } from './json-pick';
import { BAD_LINE, eachJsonl, jsonErrorLine, parseJsonl } from './jsonl';
import { firstContent, kindOf, parseSampleLine } from './records';
import { cleanText, decodeText } from './text';

/** Options of {@link importPaperData}. */
export interface PaperImportOptions {
  /** Called after each file is read and parsed: `done` of `total` files, `file` = its path in the source. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Only import these dataset names (folder names, e.g. `LIMA-OE`). */
  datasets?: string[];
}

const JUDGE_KINDS: readonly JudgeKind[] = ['eval-quality', 'eval-stance', 'eval-missing', 'extract-topics'];
/** Folder names that live inside a dataset and must never be taken for a dataset themselves. */
const SUBFOLDER = /^(eval-[^/]+|extract-topics|summaries-outputs[^/]*|bertscore|instances)$/;
const SPLIT = /^outputs(-[^/]+)?$/;

/** A dataset folder found in a source: `root` is its path prefix (`''` when the source is the dataset itself). */
export interface DatasetRoot {
  name: string;
  root: string;
}

/**
 * Finds the dataset folders of a paper-layout tree: every folder R with `R/instances/data.jsonl` or
 * `R/outputs*\/<system>/samples.jsonl` (or args.json), at any depth, except folders inside another dataset
 * (`eval-*`, `summaries-outputs*`, ...). `label` names a dataset found at the top of the source.
 */
export function findDatasetRoots(paths: string[], label: string): DatasetRoot[] {
  const roots = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    const n = parts.length;
    if (n >= 2 && parts[n - 2] === 'instances' && parts[n - 1] === 'data.jsonl') roots.add(parts.slice(0, n - 2).join('/'));
    else if (n >= 3 && (parts[n - 1] === 'samples.jsonl' || parts[n - 1] === 'args.json') && SPLIT.test(parts[n - 3]!)) {
      roots.add(parts.slice(0, n - 3).join('/'));
    }
  }
  const ok = [...roots].filter((r) => {
    const base = r.split('/').pop() ?? '';
    return !(r !== '' && SUBFOLDER.test(base));
  });
  const kept = ok.filter((r) => !ok.some((o) => o !== r && (o === '' || r.startsWith(o + '/'))));
  return kept.sort().map((root) => ({ root, name: root === '' ? lastSegment(label) : root.split('/').pop()! }));
}

/** A root's files cut into parts that import independently (see {@link datasetParts}). */
export interface DatasetParts {
  /** Read by every part: `instances/data.jsonl` (prompt count, judge lines per prompt). */
  shared: string[];
  /** One entry per run (`args.json` + `samples.jsonl`), judge folder, summaries file or BERTScore file. */
  parts: { paths: string[]; kind: 'samples' | 'judge' | 'summaries' | 'bertscore' }[];
}

/**
 * Cuts the files of dataset `root` (paths as listed, hidden ones excluded) into parts that can be imported one at a
 * time, each together with `shared`, and give the same per-file tables as one import of the whole root: every table
 * row comes from one file (or one run / judge folder), and all a part needs of the rest is the prompt count. Files the
 * importer does not read are left out. Null when the root has no `instances/data.jsonl`: then prompts are numbered
 * from all samples together and the root must be imported whole.
 */
export function datasetParts(paths: string[], root: DatasetRoot): DatasetParts | null {
  const shared: string[] = [];
  const groups = new Map<string, { paths: string[]; kind: DatasetParts['parts'][number]['kind'] }>();
  for (const p of paths) {
    if (!(root.root === '' || p.startsWith(root.root + '/')) || p.split('/').some((s) => s.startsWith('.'))) continue;
    const r = roleOf(root.root === '' ? p : p.slice(root.root.length + 1));
    const key =
      r.kind === 'samples' || r.kind === 'args' ? `run/${r.split}/${r.system}`
        : r.kind === 'judge' || r.kind === 'judge-args' ? `judge/${r.judge}/${r.name}`
          : r.kind === 'summaries' || r.kind === 'bertscore' ? `file/${p}`
            : null;
    if (r.kind === 'instances') shared.push(p);
    if (key === null) continue;
    const kind = r.kind === 'args' ? 'samples' : r.kind === 'judge-args' ? 'judge' : (r.kind as 'samples' | 'judge' | 'summaries' | 'bertscore');
    const g = groups.get(key);
    if (g) g.paths.push(p);
    else groups.set(key, { paths: [p], kind });
  }
  if (!shared.length) return null;
  // The order importOne reads in (runs, then summaries and BERTScore files, then judge folders), so problems list alike.
  const rank = (key: string): [number, number, string, string] => {
    const [what, a, b] = key.split('/', 3) as [string, string, string];
    return what === 'run' ? [0, splitOrder(a), b, ''] : what === 'file' ? [1, 0, '', ''] : [2, 0, a, b];
  };
  const parts = [...groups.entries()]
    .map(([key, g]) => ({ g, r: rank(key) }))
    .sort((x, y) => x.r[0] - y.r[0] || x.r[1] - y.r[1] || x.r[2].localeCompare(y.r[2]) || x.r[3].localeCompare(y.r[3]))
    .map((x) => x.g);
  return { shared, parts };
}

function lastSegment(label: string): string {
  const parts = label.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts[parts.length - 1] || 'dataset';
}

/** Whether a path is data this importer reads (as opposed to inputs of the paper's pipeline, embeddings, notes). */
type Role =
  | { kind: 'instances' }
  | { kind: 'samples'; split: string; system: string }
  | { kind: 'args'; split: string; system: string }
  | { kind: 'summaries'; split: string; source: string }
  | { kind: 'judge'; judge: JudgeKind; name: string }
  | { kind: 'judge-args'; judge: JudgeKind; name: string }
  | { kind: 'bertscore'; pair: string }
  | { kind: 'ignored' };

function roleOf(rel: string): Role {
  const parts = rel.split('/');
  const [a, b, c, d] = parts;
  if (parts.length === 2 && a === 'instances' && b === 'data.jsonl') return { kind: 'instances' };
  if (parts.length === 3 && SPLIT.test(a!)) {
    if (c === 'samples.jsonl') return { kind: 'samples', split: a!, system: b! };
    if (c === 'args.json') return { kind: 'args', split: a!, system: b! };
  }
  if (parts.length === 4 && /^summaries-outputs/.test(a!) && b === 'outputs' && d === 'samples.jsonl') {
    return { kind: 'summaries', split: a!, source: c! };
  }
  if (parts.length === 4 && (JUDGE_KINDS as readonly string[]).includes(a!) && b === 'outputs') {
    if (d === 'samples.jsonl') return { kind: 'judge', judge: a as JudgeKind, name: c! };
    if (d === 'args.json') return { kind: 'judge-args', judge: a as JudgeKind, name: c! };
  }
  if (parts.length === 3 && a === 'bertscore' && b === 'outputs' && c!.endsWith('.json')) return { kind: 'bertscore', pair: c!.slice(0, -5) };
  return { kind: 'ignored' };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Imports a clone of the paper's `data/` folder, one dataset folder, or a tree holding either deeper down.
 * Reads `instances/data.jsonl`, `outputs*\/<system>/{samples.jsonl,args.json}`, `summaries-outputs*\/outputs/*`,
 * `eval-*|extract-topics/outputs/*` and `bertscore/outputs/*.json`; the pipeline's own inputs (`bertscore/inputs`,
 * `*\/instances/<name>/`) and other files are skipped. Every problem (bad line, wrong shape, line-count mismatch,
 * folder with only args.json, ...) is returned with file and line; nothing is fatal and valid data is kept.
 * Files are read one at a time, each decoded once.
 */
export async function importPaperData(source: FileSource, opts: PaperImportOptions = {}): Promise<ImportResult> {
  const problems: ImportProblem[] = [];
  let paths: string[];
  try {
    paths = (await source.list()).filter((p) => !p.split('/').some((s) => s.startsWith('.')));
  } catch (e) {
    return { datasets: [], problems: [{ severity: 'error', file: source.label, message: `cannot list files: ${errText(e)}` }] };
  }
  let roots = findDatasetRoots(paths, source.label);
  if (opts.datasets) {
    const want = new Set(opts.datasets);
    for (const w of want) {
      if (!roots.some((r) => r.name === w)) problems.push({ severity: 'error', file: source.label, message: `dataset "${w}" not found` });
    }
    roots = roots.filter((r) => want.has(r.name));
  }
  if (roots.length === 0 && !opts.datasets) {
    problems.push({
      severity: 'error',
      file: source.label,
      message: 'not a dataset folder: expected <dataset>/instances/data.jsonl or <dataset>/outputs/<system>/samples.jsonl',
    });
  }
  // Plan every file first so progress has a total.
  const plan: { root: DatasetRoot; path: string; rel: string; role: Role }[] = [];
  const byRoot = new Map<string, string[]>();
  for (const root of roots) byRoot.set(root.root, []);
  for (const p of paths) {
    const root = ownerRoot(p, roots);
    if (!root) continue;
    const rel = root.root === '' ? p : p.slice(root.root.length + 1);
    const role = roleOf(rel);
    if (role.kind !== 'ignored') plan.push({ root, path: p, rel, role });
  }
  const total = plan.length;
  let done = 0;
  const datasets: Dataset[] = [];
  for (const root of roots) {
    const files = plan.filter((f) => f.root === root);
    const ds = await importOne(source, root, files, problems, () => {
      done++;
    }, (file) => opts.onProgress?.(done, total, file));
    datasets.push(ds);
  }
  return { datasets, problems };
}

/** The dataset root a path belongs to (deepest matching root). */
function ownerRoot(p: string, roots: DatasetRoot[]): DatasetRoot | undefined {
  let best: DatasetRoot | undefined;
  for (const r of roots) {
    if (r.root === '' || p.startsWith(r.root + '/')) {
      if (!best || r.root.length > best.root.length) best = r;
    }
  }
  return best;
}

async function importOne(
  source: FileSource,
  root: DatasetRoot,
  files: { path: string; rel: string; role: Role }[],
  problems: ImportProblem[],
  tick: () => void,
  progress: (file: string) => void,
): Promise<Dataset> {
  const ds: Dataset = { id: datasetId(root.name), prompts: [], systems: [], samples: [], judges: [], bertscore: [], summaries: [] };
  let fetchBytes: (path: string) => Promise<Uint8Array> = (p) => source.read(p);
  const read = async (path: string): Promise<Uint8Array | null> => {
    try {
      return await fetchBytes(path);
    } catch (e) {
      problems.push({ severity: 'error', file: path, message: `cannot read: ${errText(e)}` });
      return null;
    } finally {
      tick();
      progress(path);
    }
  };
  const at = (rel: string) => (root.root === '' ? rel : `${root.root}/${rel}`);

  // 1. Group the files: args.json and samples.jsonl per split/system, and per judge folder.
  const runs = new Map<string, { split: string; system: string; samples?: string; args?: string }>();
  const judgeDirs = new Map<string, { judge: JudgeKind; name: string; samples?: string; args?: string }>();
  for (const f of files) {
    const r = f.role;
    if (r.kind === 'samples' || r.kind === 'args') {
      const key = `${r.split}/${r.system}`;
      const run = runs.get(key) ?? { split: r.split, system: r.system };
      if (r.kind === 'samples') run.samples = f.path;
      else run.args = f.path;
      runs.set(key, run);
    } else if (r.kind === 'judge' || r.kind === 'judge-args') {
      const key = `${r.judge}/${r.name}`;
      const j = judgeDirs.get(key) ?? { judge: r.judge, name: r.name };
      if (r.kind === 'judge') j.samples = f.path;
      else j.args = f.path;
      judgeDirs.set(key, j);
    }
  }
  const sortedRuns = [...runs.values()].sort((a, b) => splitOrder(a.split) - splitOrder(b.split) || a.system.localeCompare(b.system));
  const sortedJudges = [...judgeDirs.values()].sort((a, b) => a.judge.localeCompare(b.judge) || a.name.localeCompare(b.name));
  const inst = files.find((f) => f.role.kind === 'instances');
  const others = files.filter((f) => f.role.kind === 'summaries' || f.role.kind === 'bertscore');
  // The exact order the steps below read in, so reads can run a few files ahead of parsing.
  const order = [
    ...(inst ? [inst.path] : []),
    ...sortedRuns.flatMap((r) => [r.args, r.samples]),
    ...others.map((f) => f.path),
    ...sortedJudges.flatMap((j) => [j.args, j.samples]),
  ].filter((p): p is string => p !== undefined);
  fetchBytes = prefetcher(source, order, READ_AHEAD);

  // 2. Prompts.
  let nPrompts: number | null = null;
  if (inst) {
    const bytes = await read(inst.path);
    if (bytes) {
      ds.prompts = readPrompts(bytes, inst.path, problems);
      // An empty instances file tells us nothing: number prompts from the samples instead of dropping them all.
      nPrompts = ds.prompts.length || null;
    }
  } else {
    problems.push({ severity: 'warning', file: at('instances/data.jsonl'), message: 'missing: prompt texts unknown (prompts are numbered from the samples)' });
  }

  const systems = new Map<string, SystemInfo>();
  for (const run of sortedRuns) {
    let args: unknown;
    if (run.args) {
      const bytes = await read(run.args);
      if (bytes) args = readJson(bytes, run.args, problems);
    }
    // A split folder without samples.jsonl contributes nothing, not even its settings: consumers can rely on
    // every listed system (and every entry of its `splits`) having samples.
    if (!run.samples) {
      problems.push({
        severity: 'warning',
        file: run.args ?? at(`${run.split}/${run.system}`),
        message: `folder has args.json but no samples.jsonl: system "${run.system}" (${run.split}) has no samples`,
      });
      continue;
    }
    const bytes = await read(run.samples);
    if (!bytes) continue;
    mergeSystem(systems, run.system, run.split, args);
    readSamples(bytes, run.samples, run.split, run.system, nPrompts, ds, problems);
  }
  ds.systems = [...systems.values()];

  // 3. Prompts implied by samples when instances/data.jsonl is missing.
  if (nPrompts === null) {
    let max = -1;
    for (const s of ds.samples) if (s.prompt > max) max = s.prompt;
    for (let i = 0; i <= max; i++) ds.prompts.push({ id: promptId(i), index: i, text: '' });
  }
  const promptCount = ds.prompts.length;

  // 4. Summaries, judges, BERTScore.
  for (const f of others) {
    const r = f.role;
    if (r.kind === 'summaries') {
      const bytes = await read(f.path);
      if (bytes) readSummaries(bytes, f.path, r.split, r.source, promptCount, ds, problems);
    } else if (r.kind === 'bertscore') {
      const bytes = await read(f.path);
      if (bytes) {
        const b = readBertScore(bytes, f.path, r.pair, problems);
        if (b) ds.bertscore.push(b);
      }
    }
  }
  for (const j of sortedJudges) {
    if (j.args) {
      // Judge args.json holds only the judge's API settings; read it for the progress count and to validate it.
      const bytes = await read(j.args);
      if (bytes) readJson(bytes, j.args, problems);
    }
    if (!j.samples) {
      problems.push({ severity: 'warning', file: j.args ?? at(`${j.judge}/outputs/${j.name}`), message: `folder has args.json but no samples.jsonl: judge ${j.judge}/${j.name} has no records` });
      continue;
    }
    const bytes = await read(j.samples);
    if (bytes) readJudge(bytes, j.samples, j.judge, j.name, promptCount, ds, problems);
  }
  return ds;
}

/** Files kept in flight ahead of the one being parsed: hides per-file latency of HTTP/File sources, bounds memory. */
const READ_AHEAD = 4;

/**
 * Reads files of a known order with up to `ahead` reads in flight. A path outside `order` is read directly.
 * Each started read is handed out once, so its bytes can be collected after parsing.
 */
function prefetcher(source: FileSource, order: string[], ahead: number): (path: string) => Promise<Uint8Array> {
  const at = new Map(order.map((p, i) => [p, i]));
  const started = new Map<string, Promise<Uint8Array>>();
  let next = 0;
  return (path) => {
    const i = at.get(path);
    if (i === undefined) return source.read(path);
    for (; next < order.length && next <= i + ahead; next++) {
      const p = order[next]!;
      const pr = source.read(p);
      // Rejections surface when the step awaits this path; until then, keep them from counting as unhandled.
      pr.catch(() => undefined);
      started.set(p, pr);
    }
    const pr = started.get(path) ?? source.read(path);
    started.delete(path);
    return pr;
  };
}

function splitOrder(split: string): number {
  return split === 'outputs' ? 0 : split === 'outputs-temp0' ? 1 : 2;
}

function mergeSystem(systems: Map<string, SystemInfo>, handle: string, split: string, args: unknown): void {
  const own = describeSystem(handle, args);
  const splitInfo = {
    ...(own.modelId !== undefined ? { modelId: own.modelId } : {}),
    ...(own.decoding !== undefined ? { decoding: own.decoding } : {}),
    ...(args !== undefined ? { args } : {}),
  };
  const prev = systems.get(handle);
  if (!prev) {
    own.splits = { [split]: splitInfo };
    systems.set(handle, own);
    return;
  }
  prev.splits = { ...prev.splits, [split]: splitInfo };
  // Runs are visited `outputs` first, so the top-level fields keep that split's settings unless it had no args.json.
  if (prev.args === undefined && args !== undefined) {
    const { splits, ...rest } = own;
    void splits;
    Object.assign(prev, rest);
  }
}

function readJson(bytes: Uint8Array, file: string, problems: ImportProblem[]): unknown {
  const d = decodeText(bytes, file);
  problems.push(...d.problems);
  try {
    return JSON.parse(d.text);
  } catch (e) {
    problems.push({ severity: 'error', file, ...jsonErrorLine(d.text, e), message: `not valid JSON: ${errText(e)}` });
    return undefined;
  }
}

function readPrompts(bytes: Uint8Array, file: string, problems: ImportProblem[]): Prompt[] {
  const parsed = parseJsonl(bytes, file);
  problems.push(...parsed.problems);
  const prompts: Prompt[] = [];
  const byOrdinal = new Map(parsed.records.map((r) => [r.ordinal, r]));
  const seenIds = new Map<unknown, number>();
  for (let i = 0; i < parsed.lines; i++) {
    const rec = byOrdinal.get(i);
    if (!rec) {
      prompts.push({ id: promptId(i), index: i, text: '' });
      continue;
    }
    const { text, meta, issue } = promptOf(rec.value);
    if (issue) problems.push({ severity: 'warning', file, line: rec.line, message: issue });
    const own = meta?.id ?? meta?.instance_id;
    if (typeof own === 'string' || typeof own === 'number') {
      // Prompts are matched to samples by line, so a repeated id is only suspicious, not fatal.
      const first = seenIds.get(own);
      if (first !== undefined) problems.push({ severity: 'warning', file, line: rec.line, message: `duplicate instance id ${JSON.stringify(own)} (first on line ${first})` });
      else seenIds.set(own, rec.line);
    }
    prompts.push({ id: promptId(i), index: i, text, ...(meta ? { meta } : {}) });
  }
  if (parsed.lines === 0) problems.push({ severity: 'error', file, line: 1, message: 'empty file: no prompts' });
  return prompts;
}

function promptOf(v: unknown): { text: string; meta?: Record<string, unknown>; issue?: string } {
  if (!isObj(v)) return { text: typeof v === 'string' ? v : '', issue: typeof v === 'string' ? undefined : `instance is ${kindOf(v)}, not an object` };
  const { messages, ...rest } = v;
  const meta = Object.keys(rest).length ? rest : undefined;
  if (Array.isArray(messages)) {
    const user = messages.filter((m): m is Record<string, unknown> => isObj(m) && m.role === 'user').pop();
    if (user && typeof user.content === 'string') return { text: user.content, ...(meta ? { meta } : {}) };
    return { text: '', ...(meta ? { meta } : {}), issue: 'instance has no user message with text content' };
  }
  for (const k of ['prompt', 'instruction', 'question', 'input', 'text']) {
    if (typeof v[k] === 'string') return { text: v[k], meta: v };
  }
  return { text: '', ...(meta ? { meta } : {}), issue: 'instance has no "messages" (or prompt text field)' };
}

function readSamples(
  bytes: Uint8Array,
  file: string,
  split: string,
  handle: string,
  nPrompts: number | null,
  ds: Dataset,
  problems: ImportProblem[],
): void {
  const system = systemId(handle);
  // Lines are handled as they are parsed, so each record dies young; what they add (samples, issues) is collected
  // apart and appended in the order one pass over the finished parse gave.
  let samples: Sample[] = [];
  let issues: ImportProblem[] = [];
  const lineOf: number[] = [];
  const parsed = eachJsonl(
    bytes,
    file,
    (lineNo, ordinal, value) => {
      lineOf[ordinal] = lineNo;
      if (nPrompts !== null && ordinal >= nPrompts) return;
      // A line that is not JSON still stands for its prompt (METRICS.md: n_prompts = lines in the file): count it as a
      // failed line, like `ok:false`, so the prompt and its error show in the figures instead of silently vanishing.
      if (value === BAD_LINE) {
        samples.push({ prompt: ordinal, system, split, index: 0, text: null, error: `line ${lineNo} is not valid JSON`, lineFailed: true });
        return;
      }
      const line = parseSampleLine(value);
      for (const issue of line.issues) issues.push({ severity: 'error', file, line: lineNo, message: issue });
      if (line.lineError !== undefined) {
        samples.push({ prompt: ordinal, system, split, index: 0, text: null, error: line.lineError, lineFailed: true });
        return;
      }
      line.samples.forEach((s, index) => {
        const sample: Sample = { prompt: ordinal, system, split, index, text: null };
        if (s.text !== null) {
          sample.text = cleanText(s.text, handle);
          // Keep the raw text only when cleaning dropped content (summary-cot's own summary), not just whitespace/fences.
          if (handle.endsWith('summary-cot') && sample.text.length < s.text.length - 8) sample.raw = s.text;
        }
        if (s.error !== undefined) sample.error = s.error;
        if (s.finishReason !== undefined) sample.finishReason = s.finishReason;
        samples.push(sample);
      });
    },
    () => {
      samples = [];
      issues = [];
      lineOf.length = 0;
    },
  );
  problems.push(...parsed.problems);
  if (parsed.lines === 0) problems.push({ severity: 'error', file, line: 1, message: 'empty file: no samples' });
  if (nPrompts !== null && parsed.lines !== nPrompts && parsed.lines > 0) {
    problems.push({
      severity: 'warning',
      file,
      // Point at the first extra line, or at the last line when the file ends early.
      ...lineAt(lineOf[parsed.lines > nPrompts ? nPrompts : parsed.lines - 1]),
      message: `${parsed.lines} lines but instances/data.jsonl has ${nPrompts} prompts${parsed.lines > nPrompts ? `: lines past ${nPrompts} have no prompt and are skipped` : `: the file ends early, ${parsed.lines + 1 === nPrompts ? `prompt ${nPrompts} has` : `prompts ${parsed.lines + 1}–${nPrompts} have`} no samples`}`,
    });
  }
  problems.push(...issues);
  for (const x of samples) ds.samples.push(x);
}

function readSummaries(bytes: Uint8Array, file: string, split: string, source: string, nPrompts: number, ds: Dataset, problems: ImportProblem[]): void {
  let summaries: Summary[] = [];
  let issues: ImportProblem[] = [];
  const parsed = eachJsonl(
    bytes,
    file,
    (line, ordinal, value) => {
      if (value === BAD_LINE) return;
      const { content, issue } = firstContent(value);
      if (issue) issues.push({ severity: 'error', file, line, message: issue });
      summaries.push({ split, source: systemId(source), prompt: ordinal, text: content === null ? null : cleanText(content, source) });
    },
    () => {
      summaries = [];
      issues = [];
    },
  );
  problems.push(...parsed.problems);
  if (nPrompts > 0 && parsed.lines !== nPrompts) {
    problems.push({ severity: 'warning', file, message: `${parsed.lines} summaries but the dataset has ${nPrompts} prompts` });
  }
  problems.push(...issues);
  for (const x of summaries) ds.summaries.push(x);
}

function readJudge(bytes: Uint8Array, file: string, kind: JudgeKind, name: string, nPrompts: number, ds: Dataset, problems: ImportProblem[]): void {
  // Only each line's first output text is kept: the records die as they are parsed.
  let content = new Map<number, string | null>();
  let issues: ImportProblem[] = [];
  const parsed = eachJsonl(
    bytes,
    file,
    (line, ordinal, value) => {
      if (value === BAD_LINE) return;
      const c = firstContent(value);
      if (c.issue) issues.push({ severity: 'error', file, line, message: c.issue });
      content.set(ordinal, c.content);
    },
    () => {
      content = new Map();
      issues = [];
    },
  );
  problems.push(...parsed.problems);
  const rows = parsed.lines;
  let spp = 1;
  if (nPrompts > 0 && rows > 0) {
    spp = rows / nPrompts;
    if (!Number.isInteger(spp)) {
      problems.push({ severity: 'warning', file, message: `${rows} lines is not a whole number of lines per prompt (${nPrompts} prompts); assuming ${Math.max(1, Math.round(spp))}` });
      spp = Math.max(1, Math.round(spp));
    }
  }
  const system = name.includes('--') ? undefined : systemId(name);
  problems.push(...issues);
  // Every line counts as a judge row (METRICS.md: a line that is not JSON is a parse failure), hence content null.
  for (let line = 0; line < rows; line++) {
    const r: JudgeRecord = { kind, name, prompt: Math.floor(line / spp), sample: line % spp, line, content: content.get(line) ?? null };
    // The judge's own output that the tables cannot read: counted there, located here (file:line).
    const bad = judgeLineProblem(kind, r.content, r);
    if (bad) problems.push({ severity: 'warning', file, line: line + 1, message: bad });
    if (system) r.system = system;
    ds.judges.push(r);
  }
}

/** The fields {@link readBertScore} reads; the rest (`ref_texts`, `alt_texts`: most of the bytes) is only validated. */
const BERTSCORE_FIELDS = ['ref_model', 'alt_model', 'instance_ids', 'ref_sample_ids', 'alt_sample_ids', 'results'] as const;

function readBertScore(bytes: Uint8Array, file: string, pair: string, problems: ImportProblem[]): BertScoreFile | null {
  // A file that is not a valid UTF-8 JSON object is parsed in full, so its problems read exactly as JSON.parse says.
  const v = pickJsonFields(bytes, BERTSCORE_FIELDS) ?? readJson(bytes, file, problems);
  if (v === undefined) return null;
  if (!isObj(v)) {
    problems.push({ severity: 'error', file, message: `BERTScore file is ${kindOf(v)}, not an object` });
    return null;
  }
  const [refName, altName] = pair.includes('--') ? pair.split('--', 2) : [pair, pair];
  const ref = typeof v.ref_model === 'string' ? v.ref_model : refName!;
  const alt = typeof v.alt_model === 'string' ? v.alt_model : altName!;
  const results = isObj(v.results) ? v.results : {};
  const cols: Record<string, unknown[] | undefined> = {
    ref_sample_ids: arr(v.ref_sample_ids),
    alt_sample_ids: arr(v.alt_sample_ids),
    precision: arr(results.precision),
    recall: arr(results.recall),
    f1: arr(results.f1),
  };
  const missing = Object.entries(cols).filter(([, a]) => !a).map(([k]) => k);
  if (missing.length) {
    problems.push({ severity: 'error', file, message: `BERTScore file lacks list${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
    return null;
  }
  const ids = arr(v.instance_ids);
  const lengths = Object.values(cols).map((a) => a!.length);
  const n = Math.min(...lengths);
  if (lengths.some((l) => l !== n) || (ids && ids.length !== n)) {
    const desc = Object.entries(cols).map(([k, a]) => `${k}=${a!.length}`).join(', ');
    problems.push({ severity: 'warning', file, message: `BERTScore lists differ in length (${desc}${ids ? `, instance_ids=${ids.length}` : ''}); kept the first ${n} rows` });
  }
  const rows: BertScoreRow[] = [];
  let badRows = 0;
  for (let i = 0; i < n; i++) {
    const r = Number(cols.ref_sample_ids![i]);
    const a = Number(cols.alt_sample_ids![i]);
    const p = cols.precision![i];
    const rc = cols.recall![i];
    const f = cols.f1![i];
    if (typeof p !== 'number' || typeof rc !== 'number' || typeof f !== 'number' || !Number.isFinite(r) || !Number.isFinite(a)) {
      badRows++;
      continue;
    }
    const row: BertScoreRow = { refSample: r, altSample: a, precision: p, recall: rc, f1: f };
    const pid = ids?.[i];
    if (typeof pid === 'number') row.prompt = pid;
    rows.push(row);
  }
  if (badRows) problems.push({ severity: 'warning', file, message: `${badRows} BERTScore rows with non-numeric values skipped` });
  const out: BertScoreFile = { pair, ref: systemId(ref), alt: systemId(alt), rows };
  if (typeof results.hashcode === 'string') out.hashcode = results.hashcode;
  return out;
}

const lineAt = (line: number | undefined) => (line !== undefined ? { line } : {});

const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
