// Reads the paper's real prompt-embedding .npz (../shared/paper-data, by path) and checks it lines up with the prompts.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperEmbeddingsFromNpz } from './npz';
import { paperDataDir } from '../../node/paper-data';

const dir = resolve(paperDataDir(), 'LIMA-OE/instances');
const file = resolve(dir, 'embeddings-prompt_similar.npz');

describe.skipIf(!existsSync(file))('paper embeddings-prompt_similar.npz', () => {
  it('holds one 4096-d e5-mistral vector per LIMA-OE prompt, in data.jsonl order', () => {
    const p = paperEmbeddingsFromNpz(new Uint8Array(readFileSync(file)), 'embeddings-prompt_similar.npz');
    expect(p.n).toBe(50);
    expect(p.dim).toBe(4096);
    expect(p.model).toBe('intfloat/e5-mistral-7b-instruct');
    expect(p.inputType).toBe('prompt_similar');
    const prompts = readFileSync(resolve(dir, 'data.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { messages: { content: string }[] }).messages[0]!.content);
    expect(p.texts).toEqual(prompts);
    expect(p.vectors.every(Number.isFinite)).toBe(true);
  });
});
