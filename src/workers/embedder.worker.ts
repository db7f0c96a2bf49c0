// Worker shim: exposes one EmbedderService (models from /models/, ORT wasm from /ort/, the IndexedDB vector cache) over Comlink.
import { expose } from 'comlink';
import { EmbedderService } from './services/embedder-service';
import { EmbeddingCache } from './services/embedding-cache';

expose(new EmbedderService({ localModelPath: '/models/', wasmPaths: '/ort/', cache: new EmbeddingCache() }));
