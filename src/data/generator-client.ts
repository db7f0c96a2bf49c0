// The page's handle on the in-browser generator worker (lazy singleton, recreated after a crash).

import { proxy } from 'comlink';
import type { LocalEngineInfo, LocalGenParams, LocalGenResult, LocalModelDescriptor } from '../core/local-lm/local-lm';
import type { GeneratorService, LmFolderFiles } from '../workers/services/generator-service';
import { lazyWorker } from './worker-handle';

const generator = lazyWorker<GeneratorService>('generator', () => new Worker(new URL('../workers/generator.worker.ts', import.meta.url), { type: 'module', name: 'generator' }));

/** Loads a causal LM in the worker once (folder models pass their picked files). */
export function loadLocalModel(model: LocalModelDescriptor, files?: LmFolderFiles): Promise<LocalEngineInfo> {
  return generator.call((r) => r.load(model, files));
}

/** One sample; `onText` gets deltas as they stream (never part of a stop string). */
export function generateLocal(model: LocalModelDescriptor, params: LocalGenParams, jobId: string, onText: (delta: string) => void): Promise<LocalGenResult> {
  return generator.call((r) => r.generate(model, params, jobId, proxy(onText)));
}

/** Stops a sample at its next token; it resolves with `finishReason: 'cancelled'` and its text so far. */
export function cancelLocal(jobId: string): void {
  void generator.call((r) => Promise.resolve(r.cancel(jobId))).catch(() => undefined);
}

/** Exact token count of `text` under the model's tokenizer. */
export function countLocalTokens(model: LocalModelDescriptor, text: string): Promise<number> {
  return generator.call((r) => r.countTokens(model, text));
}
