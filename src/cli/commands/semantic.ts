// `semantic <folder>`: per-system semantic figures (within-prompt cosine, distinct meanings, similarity to the teacher) from sentence embeddings, computed by the embedder service in-process.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { embeddingMethod, modelKey, sampleKey, withLongTexts, type DatasetRef, type SampleText } from '../../core/embed/embedder';
import type { ClusterMethod, Coverage, SemanticRow } from '../../core/metrics/semantic';
import { round } from '../../core/metrics/stats';
import type { Dataset } from '../../core/model/types';
import { EmbedderService } from '../../workers/services/embedder-service';
import { loadDatasets, optInt, optList, optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';
import { resolveModel } from './embed';
import { textTable } from '../../core/export/table';
import { modelsDir } from '../../node/package-root';


/** Default "same meaning" cosine for USE lite; README and the Embeddings view explain the choice. */
export const DEFAULT_THRESHOLD = 0.8;

/** The printed columns, in order. */
const FIELDS = ['dataset', 'split', 'system', 'kind', 'samples', 'prompts', 'within_cosine', 'distinct', 'of_n', 'teacher', 'to_teacher', 'teacher_self', 'ratio'] as const;

/** Columns printed with two decimals; counts print as integers, the other figures with `--digits`. */
const TWO_DECIMALS = new Set<string>(['distinct']);
const COUNTS = new Set<string>(['samples', 'prompts', 'of_n']);

/** A table cell: empty for "no value". */
function cell(v: string | number | null, field: string, digits: number): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  return COUNTS.has(field) ? String(v) : v.toFixed(TWO_DECIMALS.has(field) ? 2 : digits);
}

/** One output row: the core {@link SemanticRow} with its dataset, split and kind. */
function record(d: Dataset, split: string, r: SemanticRow, digits: number): Record<(typeof FIELDS)[number], string | number | null> {
  return {
    dataset: d.id,
    split,
    system: r.system,
    kind: d.systems.find((s) => s.id === r.system)?.kind ?? 'other',
    samples: r.samples,
    prompts: r.prompts,
    within_cosine: round(r.withinCosine, digits),
    distinct: round(r.distinct, 2),
    of_n: r.maxPerPrompt,
    teacher: r.teacher,
    to_teacher: round(r.toTeacher, digits),
    teacher_self: round(r.teacherSelf, digits),
    ratio: round(r.ratio, digits),
  };
}

/** Runs `semantic` with an explicit output (tests pass collectors). */
export async function runSemantic(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  let threshold: number;
  let method: ClusterMethod;
  let digits: number;
  let batch: number;
  let coveragePair: [string, string] | undefined;
  try {
    args = parseArgs(argv, { valued: ['dataset', 'systems', 'split', 'threshold', 'method', 'model', 'vectors', 'batch', 'digits', 'coverage'], flags: ['json', 'csv', 'truncate'] });
    const t = optString(args, 'threshold');
    threshold = Number(t ?? DEFAULT_THRESHOLD);
    if (!(threshold > -1 && threshold <= 1)) throw new UsageError(`--threshold must be a cosine in (-1, 1], not "${t}"`);
    const m = optString(args, 'method') ?? 'leader';
    if (m !== 'leader' && m !== 'single-link') throw new UsageError(`--method must be leader or single-link, not "${m}"`);
    method = m;
    digits = optInt(args, 'digits', 4, 0, 12);
    batch = optInt(args, 'batch', 32, 1, 4096);
    const pair = optList(args, 'coverage');
    if (pair && pair.length !== 2) throw new UsageError('--coverage wants two systems: base,aligned');
    coveragePair = pair as [string, string] | undefined;
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
    if (args.opts.has('json') && args.opts.has('csv')) throw new UsageError('choose one of --json, --csv');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const folder = args.positional[0]!;
  const split = optString(args, 'split') ?? 'outputs';
  const str = (k: string) => optString(args, k);
  const opts = args.opts;
  const resolved = resolveModel(str('model') ?? 'bundled');
  if (typeof resolved === 'string') {
    io.err(resolved);
    return 1;
  }
  // --truncate: the first window's tokens only (the bundled model's original 128), as before whole-text embedding.
  const model = withLongTexts(resolved, opts.has('truncate') ? 'truncate' : (resolved.longTexts ?? 'chunks'));
  let datasets: Dataset[];
  try {
    datasets = await loadDatasets({ folder, dataset: str('dataset'), systems: optList(args, 'systems') }, io);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const wanted = optList(args, 'systems');
  const vectorsFile = str('vectors');
  const svc = new EmbedderService({ localModelPath: modelsDir() });
  const out: ReturnType<typeof record>[] = [];
  const coverages: { dataset: string; base: string; aligned: string; result: Coverage }[] = [];
  try {
    for (const d of datasets) {
      const systems = (wanted ?? d.systems.map((s) => s.id as string)).filter((s) => d.samples.some((x) => x.system === s && x.split === split));
      if (!systems.length) continue;
      const teachers: Record<string, string> = {};
      for (const s of d.systems) if (s.teacherSystem) teachers[s.id] = s.teacherSystem;
      // Teachers are embedded too (not printed unless asked for), so the teacher columns are filled.
      const embedSet = new Set([...systems, ...systems.map((s) => teachers[s]).filter((t): t is string => t !== undefined), ...(coveragePair ?? [])]);
      const rows: SampleText[] = d.samples
        .filter((s) => s.split === split && s.text !== null && embedSet.has(s.system))
        .map((s) => ({ key: sampleKey({ system: s.system, prompt: s.prompt, index: s.index }), text: s.text! }));
      const ref: DatasetRef = { dataset: d.id, contentHash: 'cli', split };
      let key = modelKey(model);
      if (vectorsFile) {
        const rep = await svc.importJsonl(ref, new Blob([readFileSync(vectorsFile)]), basename(vectorsFile), d.id, rows);
        for (const p of rep.problems.slice(0, 5)) io.err(p);
        io.err(`${d.id}: ${rep.stored} vectors from ${vectorsFile} (${rep.model})`);
        key = rep.model;
        if (coveragePair && key !== modelKey(model)) io.err('note: --coverage embeds sentences with --model (bundled by default), not with the --vectors model');
      } else {
        let last = 0;
        svc.putRows(ref, rows);
        const c = await svc.embedDataset(ref, model, { batchSize: batch }, (p) => {
          const now = performance.now();
          if (p.phase !== 'embedding' || (now - last < 2000 && p.done < p.total)) return;
          last = now;
          io.err(`  ${d.id}: ${p.done}/${p.total} texts${p.etaMs ? `, ${(p.etaMs / 1000).toFixed(0)} s left` : ''}`);
        });
        io.err(`${d.id}: embedded ${c.n} texts in ${(c.ms / 1000).toFixed(1)} s (${c.chunked} long texts as the mean of chunks, ${c.truncated} truncated, ${c.empty} empty)`);
      }
      for (const r of await svc.semanticTable(ref, key, { threshold, method, teachers, systems })) out.push(record(d, split, r, digits));
      if (coveragePair) {
        const [base, aligned] = coveragePair;
        // Sentence coverage needs the sample texts under the sampling model's table.
        if (key !== modelKey(model)) await svc.status(ref, modelKey(model), rows);
        const result = await svc.coverageDataset(ref, model, base, aligned, threshold, {}, (p) => p.done < p.total && io.err(`  coverage: ${p.done}/${p.total} prompts`));
        coverages.push({ dataset: d.id, base, aligned, result });
      }
    }
  } finally {
    await svc.dispose();
  }
  if (opts.has('json')) {
    io.out(JSON.stringify(coveragePair ? { threshold, method, systems: out, coverage: coverages.map((c) => ({ ...c, result: { byAligned: c.result.byAligned, byOtherBase: c.result.byOtherBase } })) } : out, null, 2));
  } else if (opts.has('csv')) {
    io.out(Papa.unparse({ fields: [...FIELDS], data: out.map((r) => FIELDS.map((f) => cell(r[f], f, digits))) }));
  } else {
    io.out(`vectors: ${vectorsFile ? `from ${vectorsFile}` : `${model.label}, ${embeddingMethod(model)}`}`);
    io.out(`threshold ${threshold} (${method}); within_cosine: mean pairwise cosine of a prompt's samples (higher = less diverse); distinct: meanings among of_n samples`);
    io.out(textTable([...FIELDS], out.map((r) => FIELDS.map((f) => cell(r[f], f, digits)))));
    for (const c of coverages) {
      io.out(`coverage (${c.dataset}): share of ${c.base} sentences matched by one ${c.aligned} sample ${cell(c.result.byAligned, '', 3)}, by another ${c.base} sample ${cell(c.result.byOtherBase, '', 3)}`);
    }
  }
  if (out.length) return 0;
  io.err(`no samples of ${wanted?.join(',') ?? 'any system'} in split ${split}`);
  return 1;
}

/** The command. */
export const command: Command = {
  summary: 'per-system semantic similarity: within-prompt cosine, distinct meanings, similarity to the teacher (embeds with the bundled model)',
  usage: [
    'usage: npm run cli -- semantic <data-folder> [--dataset D] [--systems a,b] [--split outputs] [--threshold 0.8]',
    '                               [--method leader|single-link] [--model bundled|<hub id>|<folder>] [--vectors file.jsonl]',
    '                               [--coverage base,aligned] [--truncate] [--json | --csv]',
    '',
    'Embeds the samples (and the teachers of the chosen systems) with the same engine as the browser, then prints per',
    'system: mean within-prompt pairwise cosine, mean distinct meanings among a prompt\'s samples (samples with cosine',
    '>= threshold share a meaning), and for in-context systems with a teacher (e.g. llama-2-icl-chat -> llama-2-chat) the',
    'mean cosine to the teacher\'s sample 0 next to the teacher\'s own (its other samples vs sample 0) and their ratio.',
    '--vectors uses precomputed vectors from `embed --out` instead of embedding. --coverage base,aligned adds the share',
    'of base sentences matched by one aligned sample vs by another base sample (embeds sentences; slower).',
    'Whole texts are embedded (chunks of at most 512 tokens, token-weighted mean); --truncate keeps only the first 128',
    'tokens of each, as the original USE lite. All 4000 LIMA-OE samples embed in a few minutes on 2 cores; use --systems for a quick look.',
  ].join('\n'),
  run: (argv) => runSemantic(argv),
};
