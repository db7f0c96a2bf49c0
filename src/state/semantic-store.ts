// The embedding model picked for semantic measures and the "same meaning" cosine threshold: session state shared by the Embeddings and Browse views.

import { create } from 'zustand';
import { BUNDLED_MODEL, type ModelDescriptor } from '../core/embed/embedder';

/**
 * Default cosine at or above which two samples count as one meaning. On LIMA-OE with the bundled USE lite, answers
 * to different prompts pass 0.8 in 0.4% of pairs (their 95th percentile is 0.55), while half of all same-prompt
 * pairs sit above 0.89; at 0.8 llama-2-chat's five samples make 1.2 meanings and llama-2-base's 3.8.
 */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.8;

interface SemanticState {
  /** The model whose vectors the semantic measures read (the Embeddings view's picker sets it). */
  model: ModelDescriptor;
  threshold: number;
  embedModelChosen(model: ModelDescriptor): void;
  thresholdChosen(threshold: number): void;
}

/** The store. */
export const useSemanticStore = create<SemanticState>()((set) => ({
  model: BUNDLED_MODEL,
  threshold: DEFAULT_SEMANTIC_THRESHOLD,
  embedModelChosen: (model) => set({ model }),
  thresholdChosen: (threshold) => set({ threshold }),
}));

/** The picked embedding model. */
export const useEmbedModel = () => useSemanticStore((s) => s.model);
/** The "same meaning" threshold. */
export const useSemanticThreshold = () => useSemanticStore((s) => s.threshold);
/** Resets the store, for tests. */
export const resetSemanticStore = () => useSemanticStore.setState({ model: BUNDLED_MODEL, threshold: DEFAULT_SEMANTIC_THRESHOLD });
