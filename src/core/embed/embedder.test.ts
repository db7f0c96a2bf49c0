// Cache keys, text hashing, folder checks and pooling of the embedding contract.
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL, BUNDLED_MODEL_TRUNCATED, embeddedLabel, embeddingMethod, folderFingerprint, fullyEmbedded, folderModel, hashText, hubModel, missingModelFiles, modelKey, parseSampleKey, poolVectors, sampleKey } from './embedder';

describe('hashText', () => {
  it('is the SHA-256 of the UTF-8 text (sha256sum agrees) and separates near-identical texts', () => {
    expect(hashText('hello')).toBe(hashText('hello'));
    expect(hashText('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    const texts = ['', ' ', 'a', 'b', 'ab', 'ba', 'hello', 'hello ', 'Hello', '🎉', '🎉🎉', 'x'.repeat(20000), 'x'.repeat(20001)];
    expect(new Set(texts.map(hashText)).size).toBe(texts.length);
  });

  it('has no collisions over 50k generated texts', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(hashText(`sample ${i} of prompt ${i % 97}`));
    expect(seen.size).toBe(50_000);
  });
});

describe('modelKey', () => {
  it('differs by id, dtype, pooling and folder fingerprint', () => {
    const keys = [
      modelKey(BUNDLED_MODEL),
      modelKey(hubModel('Xenova/all-MiniLM-L6-v2')),
      modelKey(hubModel('Xenova/all-MiniLM-L6-v2', { dtype: 'fp32' })),
      modelKey(hubModel('Xenova/all-MiniLM-L6-v2', { pooling: 'cls' })),
      modelKey(folderModel('my model', 'aaaa')),
      modelKey(folderModel('my model', 'bbbb')),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(modelKey(BUNDLED_MODEL)).toBe('overton/use-lite|fp32|none|norm|w512');
  });

  it('keeps truncation in the key, as it was before whole-text embedding, so old cached vectors serve the truncate option', () => {
    expect(modelKey(BUNDLED_MODEL_TRUNCATED)).toBe('overton/use-lite|fp32|none|norm|t128');
    expect(modelKey({ ...hubModel('Xenova/all-MiniLM-L6-v2'), longTexts: 'truncate' })).toBe('Xenova/all-MiniLM-L6-v2|q8|mean|norm');
    expect(modelKey(hubModel('Xenova/all-MiniLM-L6-v2'))).toBe('Xenova/all-MiniLM-L6-v2|q8|mean|norm|whole');
  });

  it('says how vectors were computed, for every semantic figure', () => {
    expect(embeddingMethod(BUNDLED_MODEL)).toBe('whole text (texts over 512 tokens as the token-weighted mean of chunks)');
    expect(embeddingMethod(BUNDLED_MODEL_TRUNCATED)).toBe('first 128 tokens of each text (longer texts truncated)');
  });

  it('makes folder ids that pass the Hub repo-id rule', () => {
    expect(folderModel('My Model -- v2!', 'x').id).toBe('folder/My-Model-v2');
    expect(folderModel('!!!', 'x').id).toBe('folder/model');
  });
});

describe('embedded counts', () => {
  it('counts a blank text once, as empty: a system whose other samples all have vectors is complete', () => {
    const base = { system: 'llama-2-base', samples: 250, empty: 1, embedded: 249 };
    expect(fullyEmbedded(base)).toBe(true);
    expect(embeddedLabel(base)).toBe('249 / 249 embedded ✓ (1 empty)');
    expect(embeddedLabel({ system: 's', samples: 250, empty: 0, embedded: 246 })).toBe('246 / 250 embedded');
    expect(fullyEmbedded({ system: 's', samples: 0, empty: 0, embedded: 0 })).toBe(false);
  });
});

describe('missingModelFiles', () => {
  it('lists what a folder lacks, tolerating a leading folder name', () => {
    expect(missingModelFiles(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'], 'fp32')).toEqual([]);
    expect(missingModelFiles(['m/config.json', 'm/tokenizer.json', 'm/tokenizer_config.json', 'm/onnx/model.onnx'], 'fp32')).toEqual([]);
    expect(missingModelFiles(['config.json', 'onnx/model.onnx'], 'q8')).toEqual(['tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
  });

  it('fingerprints folders independently of file order', () => {
    const a = [{ path: 'a', size: 1, lastModified: 5 }, { path: 'b', size: 2 }];
    expect(folderFingerprint(a)).toBe(folderFingerprint([...a].reverse()));
    expect(folderFingerprint(a)).not.toBe(folderFingerprint([{ path: 'a', size: 2, lastModified: 5 }, { path: 'b', size: 2 }]));
  });
});

describe('poolVectors', () => {
  it('mean-pools only unmasked tokens and normalises', () => {
    // batch 1, seq 3, dim 2; the third token is padding.
    const hidden = new Float32Array([1, 0, 3, 4, 100, 100]);
    const out = poolVectors(hidden, [1, 3, 2], [1n, 1n, 0n], 'mean', false);
    expect(Array.from(out)).toEqual([2, 2]);
    const norm = poolVectors(hidden, [1, 3, 2], [1, 1, 0], 'mean', true);
    expect(norm[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('takes the first token for cls and passes 2-D outputs through', () => {
    const hidden = new Float32Array([1, 2, 3, 4]);
    expect(Array.from(poolVectors(hidden, [1, 2, 2], [1, 1], 'cls', false))).toEqual([1, 2]);
    expect(Array.from(poolVectors(hidden, [2, 2], [1, 1], 'none', false))).toEqual([1, 2, 3, 4]);
  });

  it('gives a zero row, not NaN, for an all-zero vector', () => {
    expect(Array.from(poolVectors(new Float32Array(2), [1, 2], [1], 'none', true))).toEqual([0, 0]);
  });
});

describe('sampleKey', () => {
  it('round-trips, with a system name that holds slashes', () => {
    const a = { system: 'org/model-7b', prompt: 12, index: 3 };
    expect(sampleKey(a)).toBe('12/3/org/model-7b');
    expect(parseSampleKey(sampleKey(a))).toEqual(a);
    expect(parseSampleKey('x/1/s')).toBeNull();
  });
});
