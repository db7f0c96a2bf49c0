// describeSystem over every system folder and args.json of ../shared/paper-data: kinds agree with what the run did.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSystem } from './system';
import { paperDataDir } from '../../node/paper-data';

const data = paperDataDir();
const runs: { dataset: string; split: string; handle: string; args: unknown }[] = [];
for (const dataset of readdirSync(data).filter((d) => !d.includes('.'))) {
  for (const split of readdirSync(resolve(data, dataset)).filter((s) => /^outputs/.test(s))) {
    for (const handle of readdirSync(resolve(data, dataset, split))) {
      const f = resolve(data, dataset, split, handle, 'args.json');
      runs.push({ dataset, split, handle, args: existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined });
    }
  }
}

describe('every system of the paper data', () => {
  it('has runs to check', () => expect(runs.length).toBeGreaterThan(50));
  it.each(runs.map((r) => [`${r.dataset}/${r.split}/${r.handle}`, r] as const))('%s', (_, r) => {
    const s = describeSystem(r.handle, r.args);
    const bare = describeSystem(r.handle);
    // args.json never contradicts the handle.
    expect(s.kind).toBe(bare.kind);
    // Only the GPT-3.5-rewrites-a-summary runs fall outside base / aligned / icl.
    expect(s.kind === 'other').toBe(r.handle.startsWith('gpt-3.5-turbo-summary-'));
    if (r.args === undefined) return;
    expect(s.modelId).toBeTruthy();
    expect(s.decoding?.temperature).toBe(r.split === 'outputs-temp0' ? 0 : 0.5);
    if (s.kind === 'icl' || s.kind === 'base') expect(s.modelId).toBe('meta-llama/Llama-2-7b-hf');
    if (s.kind === 'aligned' && s.family === 'llama-2') expect(s.modelId).toBe('meta-llama/Llama-2-7b-chat-hf');
    if (s.teacherSystem && (s.selection === 'knn' || s.selection === 'random')) {
      const side = (r.args as { side_info_args?: { output_file?: string } }).side_info_args;
      if (side?.output_file) expect(side.output_file).toContain(`/outputs/${s.teacherSystem}/`);
    }
  });
});
