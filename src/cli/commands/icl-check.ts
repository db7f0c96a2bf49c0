// `icl-check <data-folder> [--json]`: parse and re-render every rendered prompt in samples.jsonl records, and re-select kNN-by-prompt examples.
import { checkIclPrompts, type IclCheckRow } from '../../core/urial/check';
import { nodeSource } from '../../node/fs-source';
import { optString, parseArgs, std, UsageError, type Args, type Output } from '../args';
import type { Command } from '../command';
import { textTable } from '../../core/export/table';

/**
 * Runs `icl-check` with an explicit output. Exit codes: 0 when every checked prompt round-trips and every kNN
 * re-selection matches, 1 when something differs or no prompt-carrying system is found, 2 on bad usage.
 */
export async function runIclCheck(argv: string[], io: Output = std): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, { valued: ['dataset'], flags: ['json'] });
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? `one <data-folder>, not ${args.positional.length}` : 'missing <data-folder>');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${command.usage}`);
    return 2;
  }
  const folder = args.positional[0]!;
  const only = optString(args, 'dataset');
  let rows: IclCheckRow[];
  let notes: string[];
  try {
    ({ rows, notes } = await checkIclPrompts(nodeSource(folder)));
  } catch (e) {
    io.err(`${folder}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  if (only) {
    const have = [...new Set(rows.map((r) => r.dataset))];
    rows = rows.filter((r) => r.dataset === only);
    if (!rows.length) {
      io.err(`no dataset "${only}" with rendered prompts in ${folder} (have: ${have.join(', ') || 'none'})`);
      return 1;
    }
  }
  if (!rows.length) {
    io.err(`no samples.jsonl with a rendered "prompt" field under ${folder}`);
    return 1;
  }
  if (args.opts.has('json')) for (const r of rows) io.out(JSON.stringify(r));
  else {
    const header = ['dataset', 'system', 'prompts', 'roundtrip_identical', 'examples_reselected_identical'];
    io.out(textTable(header, rows.map((r) => [r.dataset, r.system, String(r.prompts), String(r.roundtrip_identical), r.examples_reselected_identical === null ? '-' : String(r.examples_reselected_identical)])));
  }
  for (const n of notes) io.err(n);
  return rows.every((r) => r.roundtrip_identical && r.examples_reselected_identical !== false) ? 0 : 1;
}

export const command: Command = {
  summary: 'parse + re-render every rendered URIAL prompt; re-select kNN-by-prompt examples from the prompt embeddings',
  usage: [
    'usage: npm run cli -- icl-check <data-folder> [--dataset D] [--json]',
    '',
    'For every <dataset>/outputs*/<system>/samples.jsonl whose records carry the rendered "prompt": parses each',
    'prompt into preamble / examples / hint / query and renders it back; for kNN-by-prompt systems (by handle or',
    "args.json) re-selects each prompt's examples from instances/embeddings-prompt_similar.npz and the teacher's",
    'first samples. --json prints one object per line: {"dataset","system","prompts","roundtrip_identical",',
    '"examples_reselected_identical"} (null when not kNN-by-prompt or not re-selectable; the reason goes to stderr).',
  ].join('\n'),
  run: (argv) => runIclCheck(argv),
};
