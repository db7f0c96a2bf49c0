// Worker shim: exposes one EmbedderService (models from /models/, ORT wasm from /ort/) over Comlink.
import { expose } from 'comlink';
import { EmbedderService } from './services/embedder-service';

expose(new EmbedderService({ localModelPath: '/models/', wasmPaths: '/ort/' }));
