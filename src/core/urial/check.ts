// `icl-check`: for every system whose samples.jsonl records carry the rendered prompt, parse and re-render each prompt, and re-select kNN-by-prompt examples from the dataset's prompt embeddings.

import type { FileSource } from '../io/file-source';
import { parseJsonl } from '../io/jsonl';
import { parseSampleLine } from '../io/records';
import { paperEmbeddingsFromNpz } from '../embed/npz';
import { describeSystem } from '../model/system';
import { parsePrompt, renderPrompt, type UrialExample } from './prompt';
import { selectExamples } from './selection';

/** One line of `icl-check --json`: a dataset × system (all its decoding splits together). */
export interface IclCheckRow {
  dataset: string;
  system: string;
  /** Records carrying a rendered prompt, over all splits. */
  prompts: number;
  /** Every prompt parsed and rendered back to the same bytes. */
  roundtrip_identical: boolean;
  /**
   * For kNN-by-prompt systems: every prompt's examples equal those re-selected from the prompt embeddings and the
   * teacher's first samples; null when the system is not kNN-by-prompt, or its data cannot be re-selected (see notes).
   */
  examples_reselected_identical: boolean | null;
}

/** Rows plus notes (why a kNN system could not be re-selected, which prompts differ) for stderr. */
export interface IclCheckResult {
  rows: IclCheckRow[];
  notes: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const dec = new TextDecoder();

/**
 * Checks every dataset under `source` (a folder holding `<dataset>/instances/data.jsonl`, or a dataset folder
 * itself). A system is kNN-by-prompt when its handle says so (`-knn-prompt_similar`, `-5nn-prompt_similar`) or its
 * args.json names a prompt embedding file (`embedding_file` under `instances/`, or `prompt_similar`); its teacher
 * comes from the handle or args.json `output_file`, and `k` from args.json or, failing that, each prompt's own
 * example count. Works on names it has never seen: nothing is looked up by a known handle.
 */
export async function checkIclPrompts(source: FileSource): Promise<IclCheckResult> {
  const files = await source.list();
  const fileSet = new Set(files);
  const roots = files.filter((f) => f === 'instances/data.jsonl' || f.endsWith('/instances/data.jsonl')).map((f) => f.slice(0, -'instances/data.jsonl'.length));
  const rows: IclCheckRow[] = [];
  const notes: string[] = [];
  const label = source.label.replace(/\/+$/, '').split('/').pop() || 'dataset';
  for (const root of roots.sort()) {
    const dataset = root ? root.replace(/\/$/, '').split('/').pop()! : label;
    const instances = parseJsonl(await source.read(`${root}instances/data.jsonl`), `${root}instances/data.jsonl`);
    const prompts = new Array<string>(instances.lines).fill('');
    for (const r of instances.records) prompts[r.ordinal] = promptText(r.value);
    const bySystem = new Map<string, { split: string; path: string }[]>();
    for (const f of files) {
      const m = /^(outputs[^/]*)\/([^/]+)\/samples\.jsonl$/.exec(f.slice(root.length));
      if (!f.startsWith(root) || !m) continue;
      const list = bySystem.get(m[2]!) ?? [];
      list.push({ split: m[1]!, path: f });
      bySystem.set(m[2]!, list);
    }
    let embeddings: ReturnType<typeof paperEmbeddingsFromNpz> | null | undefined;
    const loadEmbeddings = async () => {
      if (embeddings !== undefined) return embeddings;
      const path = [`${root}instances/embeddings-prompt_similar.npz`, `${root}instances/embeddings.npz`].find((p) => fileSet.has(p));
      embeddings = path ? paperEmbeddingsFromNpz(await source.read(path), path) : null;
      return embeddings;
    };
    const teacherCache = new Map<string, (string | null)[]>();
    const teacherFirst = async (path: string) => {
      if (!teacherCache.has(path)) {
        const parsed = parseJsonl(await source.read(path), path);
        teacherCache.set(path, parsed.records.map((r) => parseSampleLine(r.value).samples[0]?.text?.trim() ?? null));
      }
      return teacherCache.get(path)!;
    };

    for (const [system, runs] of [...bySystem.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      let count = 0;
      let roundtrip = true;
      let reselect: boolean | null = null;
      for (const run of runs.sort((a, b) => a.split.localeCompare(b.split))) {
        const recs = parseJsonl(await source.read(run.path), run.path).records.filter((r) => isObj(r.value) && typeof r.value.prompt === 'string');
        if (!recs.length) continue;
        const argsPath = `${root}${run.split}/${system}/args.json`;
        const args = fileSet.has(argsPath) ? readJson(await source.read(argsPath)) : undefined;
        const knn = knnByPrompt(system, args);
        const parsed = recs.map((r) => {
          const text = (r.value as { prompt: string }).prompt;
          const p = parsePrompt(text);
          count++;
          if (!p.ok || renderPrompt(p.prompt) !== text) {
            roundtrip = false;
            notes.push(`${dataset}/${run.split}/${system}: prompt on line ${r.line} ${p.ok ? 'renders back differently' : `does not parse: ${p.error}`}`);
          }
          return { ordinal: r.ordinal, prompt: p.ok && p.prompt.format === 'urial' ? p.prompt : null };
        });
        if (!knn) continue;
        const emb = await loadEmbeddings();
        const teacherPath = knn.teacher ? [`${root}${knn.teacherPath ?? `outputs/${knn.teacher}/samples.jsonl`}`, `${root}${run.split}/${knn.teacher}/samples.jsonl`].find((p) => fileSet.has(p)) : undefined;
        if (!emb || !teacherPath) {
          notes.push(`${dataset}/${run.split}/${system}: kNN by prompt, but ${!emb ? 'no instances/embeddings-prompt_similar.npz' : `no samples of its teacher ${knn.teacher ?? '(unknown)'}`}: examples not re-selected`);
          continue;
        }
        if (emb.n !== prompts.length) {
          notes.push(`${dataset}: ${emb.n} prompt embeddings for ${prompts.length} prompts: examples not re-selected`);
          continue;
        }
        const ctx = { prompts, teacherAnswers: await teacherFirst(teacherPath), promptVectors: { vectors: emb.vectors, n: emb.n, dim: emb.dim } };
        let same = true;
        for (const { ordinal, prompt } of parsed) {
          const k = knn.k ?? prompt?.examples.length ?? 3;
          const mine = selectExamples({ kind: 'knn-prompt', k }, ordinal, ctx);
          if (!prompt || !sameExamples(prompt.examples, mine)) {
            same = false;
            notes.push(`${dataset}/${run.split}/${system}: prompt ${ordinal} has other examples than kNN re-selection`);
          }
        }
        reselect = (reselect ?? true) && same;
      }
      if (count) rows.push({ dataset, system, prompts: count, roundtrip_identical: roundtrip, examples_reselected_identical: reselect });
    }
  }
  return { rows, notes };
}

/** Whether a system selects examples by prompt similarity, with its teacher and k when known. */
function knnByPrompt(system: string, args: unknown): { teacher?: string; teacherPath?: string; k?: number } | null {
  const info = describeSystem(system, args);
  const side = isObj(args) ? (isObj(args.embedding_args) ? args.embedding_args : isObj(args.side_info_args) ? args.side_info_args : undefined) : undefined;
  const file = typeof side?.embedding_file === 'string' ? side.embedding_file : '';
  const byArgs = /prompt_similar/.test(file) || /\/instances\/embeddings[^/]*\.npz$/.test(file);
  const byName = info.selection === 'knn' && info.similarity === 'prompt_similar';
  if (!byArgs && !byName) return null;
  const out = typeof side?.output_file === 'string' ? /(outputs[^/]*\/[^/]+\/samples\.jsonl)$/.exec(side.output_file)?.[1] : undefined;
  const teacher = out ? out.split('/')[1] : info.teacherSystem;
  const k = typeof side?.top_k === 'number' ? side.top_k : typeof side?.k === 'number' ? side.k : byName ? info.k : undefined;
  return { ...(teacher ? { teacher } : {}), ...(out ? { teacherPath: out } : {}), ...(k !== undefined ? { k } : {}) };
}

function sameExamples(a: readonly UrialExample[], b: readonly UrialExample[]): boolean {
  return a.length === b.length && a.every((e, i) => e.query === b[i]!.query && e.answer === b[i]!.answer);
}

function promptText(v: unknown): string {
  if (isObj(v) && Array.isArray(v.messages)) {
    const user = v.messages.filter((m): m is Record<string, unknown> => isObj(m) && m.role === 'user').pop();
    if (user && typeof user.content === 'string') return user.content.trim();
  }
  if (isObj(v)) for (const k of ['prompt', 'instruction', 'question', 'input', 'text']) if (typeof v[k] === 'string') return (v[k] as string).trim();
  return '';
}

function readJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(dec.decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
