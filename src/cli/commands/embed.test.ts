// `embed` CLI: writes one JSONL object per sample with the bundled model; rejects broken model folders and bad args.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { parseEmbeddingJsonl } from '../../core/embed/npz';
import { command, resolveModel } from './embed';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = resolve(root, 'test/fixtures/inspect/paper/data');
const hasModel = existsSync(resolve(root, 'public/models/overton/use-lite/onnx/model.onnx'));

describe('embed command', () => {
  it.skipIf(!hasModel)('embeds every sample with text and writes Overton JSONL the app can import', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'overton-embed-')), 'e.jsonl');
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await command.run([fixture, '--out', out, '--split', 'outputs'])).toBe(0);
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
    const t = parseEmbeddingJsonl(readFileSync(out, 'utf8'), out);
    expect(t.problems).toEqual([]);
    expect(t.n).toBeGreaterThan(0);
    expect(t.dim).toBe(512);
    expect(t.models).toEqual(['overton/use-lite|fp32|none|norm|w512']);
    expect(t.rows.every((r) => r.dataset === 'Tiny')).toBe(true);
  });

  it('lists what a model folder is missing and rejects bad arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overton-model-'));
    mkdirSync(join(dir, 'onnx'));
    writeFileSync(join(dir, 'config.json'), '{}');
    expect(resolveModel(dir)).toBe(`model folder ${dir} is missing tokenizer.json, tokenizer_config.json, onnx/model.onnx`);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await command.run([fixture])).toBe(2);
      // A dtype the engine does not know used to be passed on as is and fail deep inside model loading.
      expect(await command.run([fixture, '--out', join(dir, 'x.jsonl'), '--dtype', 'int4'])).toBe(2);
      expect(await command.run([fixture, '--out', join(dir, 'x.jsonl'), '--pooling', 'max'])).toBe(2);
      expect(await command.run([fixture, '--out', '--model', 'bundled'])).toBe(2);
      expect(err).toHaveBeenCalledWith(expect.stringMatching(/^--dtype must be one of fp32, q8, fp16, not "int4"\n\nusage: /));
      expect(await command.run([fixture, '--out', join(dir, 'x.jsonl'), '--model', dir])).toBe(1);
    } finally {
      err.mockRestore();
    }
  });
});
