// Bench worker shim: one EmbedderBenchService (the app's embedder + timing calls) with the app's model paths and cache.
import { expose } from 'comlink';
import { EmbeddingCache } from '../workers/services/embedding-cache';
import { EmbedderBenchService } from './services/embedder-bench-service';

expose(new EmbedderBenchService({ localModelPath: '/models/', wasmPaths: '/ort/', cache: new EmbeddingCache() }));
