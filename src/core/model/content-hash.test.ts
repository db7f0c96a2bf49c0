// datasetContentHash: same content → same hash; any field that identifies a sample (or what views show) → another hash.
import { describe, expect, it } from 'vitest';
import { makeDataset, type SampleInput } from './builders';
import { datasetContentHash, sha256Hex } from './content-hash';

const base: SampleInput[] = [
  { system: 'llama-2-chat', prompt: 0, index: 0, text: 'alpha' },
  { system: 'llama-2-chat', prompt: 1, index: 0, text: 'beta' },
  { system: 'llama-2', prompt: 0, index: 0, text: null, error: 'timeout' },
];
const hashOf = (samples: SampleInput[], extra: Parameters<typeof makeDataset>[0] = {}) =>
  datasetContentHash(makeDataset({ prompts: 2, samples, ...extra }));
const with0 = (patch: Partial<SampleInput>) => [{ ...base[0]!, ...patch }, base[1]!, base[2]!];

describe('datasetContentHash', () => {
  it('is a 64-hex SHA-256 and the same for the same content, built twice', () => {
    expect(hashOf(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf(base.map((s) => ({ ...s })))).toBe(hashOf(base));
  });

  it('changes with the system name, the prompt index, the sample index, the split, the text and the error', () => {
    const h = hashOf(base);
    const variants = [
      with0({ system: 'mistral-instruct' }),
      with0({ prompt: 1 }),
      with0({ index: 1 }),
      with0({ split: 'outputs-temp0' }),
      with0({ text: 'alpha.' }),
      [base[0]!, base[1]!, { ...base[2]!, error: 'rate limit' }],
      // A failed sample and one whose text equals its error message are different samples.
      [base[0]!, base[1]!, { ...base[2]!, text: 'timeout', error: undefined }],
    ];
    const hashes = variants.map((v) => hashOf(v));
    for (const x of hashes) expect(x).not.toBe(h);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('changes with the dataset id, prompt text, judges and summaries', () => {
    const h = hashOf(base);
    expect(hashOf(base, { id: 'other' })).not.toBe(h);
    expect(hashOf(base, { prompts: ['Prompt 0', 'Another'] })).not.toBe(h);
    expect(hashOf(base, { judges: [{ kind: 'eval-quality', name: 'llama-2-chat', prompt: 0, sample: 0, line: 0, content: '{"score": 5}' }] })).not.toBe(h);
    expect(hashOf(base, { summaries: [{ split: 'outputs', source: base[0]!.system as never, prompt: 0, text: 's' }] })).not.toBe(h);
  });

  it('does not let fields run together (text "a|b" vs split fields)', () => {
    expect(hashOf([{ system: 'ab', text: 'c' }])).not.toBe(hashOf([{ system: 'a', text: 'bc' }]));
  });
});

describe('sha256Hex', () => {
  it('is SHA-256 of the UTF-8 bytes (known vectors)', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(sha256Hex('abc'));
  });
});
