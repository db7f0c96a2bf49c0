// `embed <data-folder> --model <id> --out <file.jsonl>`: embeds samples with the same engine as the browser (native ONNX Runtime) and writes Overton JSONL.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BUNDLED_MODEL, BUNDLED_MODEL_ID, embeddingMethod, hubModel, missingModelFiles, modelKey, type ModelDescriptor, type ModelDtype, type Pooling } from '../../core/embed/embedder';
import { toEmbeddingJsonl, type EmbeddingRowRef } from '../../core/embed/npz';
import { importAny } from '../../core/io/detect';
import { EmbedderService } from '../../workers/services/embedder-service';
import { optInt, optList, optString, parseArgs, UsageError } from '../args';
import type { Command } from '../command';
import { nodeSource } from '../../node/fs-source';
import { modelsDir } from '../../node/package-root';


interface EmbedArgs {
  folder: string;
  model: string;
  out: string;
  dataset?: string;
  systems?: string[];
  split: string;
  batch: number;
  dtype?: ModelDtype;
  pooling?: Pooling;
}

const DTYPES: readonly ModelDtype[] = ['fp32', 'q8', 'fp16'];
const POOLINGS: readonly Pooling[] = ['mean', 'cls', 'none'];

/** Parses argv with the shared parser; a bad value or a missing required option is a {@link UsageError}. */
function parse(argv: string[]): EmbedArgs {
  const p = parseArgs(argv, { valued: ['model', 'out', 'dataset', 'systems', 'split', 'batch', 'dtype', 'pooling'], flags: [] });
  const dtype = optString(p, 'dtype');
  if (dtype !== undefined && !(DTYPES as readonly string[]).includes(dtype)) throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')}, not "${dtype}"`);
  const pooling = optString(p, 'pooling');
  if (pooling !== undefined && !(POOLINGS as readonly string[]).includes(pooling)) throw new UsageError(`--pooling must be one of ${POOLINGS.join(', ')}, not "${pooling}"`);
  if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `one <data-folder>, not ${p.positional.length}` : 'missing <data-folder>');
  const out = optString(p, 'out');
  if (!out) throw new UsageError('missing --out <file.jsonl>');
  return {
    folder: p.positional[0]!,
    model: optString(p, 'model') ?? BUNDLED_MODEL_ID,
    out,
    dataset: optString(p, 'dataset'),
    systems: optList(p, 'systems'),
    split: optString(p, 'split') ?? 'outputs',
    batch: optInt(p, 'batch', 32, 1, 4096),
    dtype: dtype as ModelDtype | undefined,
    pooling: pooling as Pooling | undefined,
  };
}

/** The descriptor for `--model`: `bundled`/`overton/use-lite`, a model folder on disk, or a Hub id. */
export function resolveModel(id: string, dtype?: ModelDtype, pooling?: Pooling): ModelDescriptor | string {
  if (id === 'bundled' || id === BUNDLED_MODEL_ID) return BUNDLED_MODEL;
  if (existsSync(id) && statSync(id).isDirectory()) {
    const abs = resolve(id);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(relative(abs, join(d, e.name)).split('\\').join('/'));
      }
    };
    walk(abs);
    const want = dtype ?? 'fp32';
    const missing = missingModelFiles(files, want);
    if (missing.length) return `model folder ${id} is missing ${missing.join(', ')}`;
    const sizes = files.map((f) => `${f}:${statSync(join(abs, f)).size}`).join(',');
    return { source: 'folder', id: abs, label: abs, dtype: want, pooling: pooling ?? 'mean', normalize: true, fingerprint: String(sizes.length) + ':' + sizes.slice(0, 64) };
  }
  return hubModel(id, { dtype, pooling });
}

/** The command. */
export const command: Command = {
  summary: 'embed samples (same engine as the browser, native ONNX Runtime) and write Overton embedding JSONL',
  usage: [
    'usage: npm run cli -- embed <data-folder> --out <file.jsonl> [--model bundled|<hub id>|<model folder>]',
    '         [--dataset D] [--systems a,b] [--split outputs] [--batch 32] [--dtype fp32|q8|fp16] [--pooling mean|cls|none]',
    '',
    'Writes one JSON object per sample: {"dataset","system","prompt_index","sample_index","model","vector":[...]}.',
    'The default model is the bundled Universal Sentence Encoder lite (offline). Hub ids need a network.',
  ].join('\n'),
  async run(argv) {
    let args: EmbedArgs;
    try {
      args = parse(argv);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      console.error(`${e.message}\n\n${command.usage}`);
      return 2;
    }
    const model = resolveModel(args.model, args.dtype, args.pooling);
    if (typeof model === 'string') {
      console.error(model);
      return 1;
    }
    const { datasets, problems } = await importAny(nodeSource(args.folder));
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (errors) console.error(`${errors} import problem(s); run \`npm run cli -- inspect ${args.folder}\` for details`);
    const chosen = datasets.filter((d) => !args.dataset || d.id === args.dataset);
    if (!chosen.length) {
      console.error(`no dataset ${args.dataset ?? ''} in ${args.folder} (have: ${datasets.map((d) => d.id).join(', ') || 'none'})`);
      return 1;
    }
    const rows: EmbeddingRowRef[] = [];
    const texts: string[] = [];
    for (const d of chosen) {
      for (const s of d.samples) {
        if (s.split !== args.split || s.text === null) continue;
        if (args.systems && !args.systems.includes(s.system)) continue;
        rows.push({ dataset: d.id, system: s.system, prompt: s.prompt, sample: s.index });
        texts.push(s.text);
      }
    }
    if (!texts.length) {
      console.error(`no samples with text for split ${args.split}${args.systems ? ` and systems ${args.systems.join(',')}` : ''}`);
      return 1;
    }
    const svc = new EmbedderService({ localModelPath: modelsDir() });
    try {
      const info = await svc.load(model);
      console.error(`model ${model.id} (${info.dim}-d, ${embeddingMethod(model)}) on ${info.device}, loaded in ${(info.loadMs / 1000).toFixed(2)} s`);
      let last = 0;
      const res = await svc.embed(model, texts, { batchSize: args.batch }, (p) => {
        const now = performance.now();
        if (now - last < 1000 && p.done < p.total) return;
        last = now;
        const eta = p.etaMs !== undefined ? `, ${(p.etaMs / 1000).toFixed(0)} s left` : '';
        console.error(`  ${p.done}/${p.total} texts${eta}`);
      });
      writeFileSync(args.out, toEmbeddingJsonl(rows, res.vectors, res.dim, modelKey(model)));
      const rate = texts.length / (res.ms / 1000);
      console.error(`embedded ${texts.length} texts in ${(res.ms / 1000).toFixed(2)} s (${rate.toFixed(0)} texts/s); ${res.chunked.length} embedded as the mean of chunks, ${res.truncated.length} truncated at ${info.maxTokens} tokens, ${res.empty.length} empty`);
      console.log(args.out);
      return 0;
    } finally {
      await svc.dispose();
    }
  },
};
