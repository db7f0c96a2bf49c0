// Worker shim: exposes one GeneratorService (models from /models/, ORT wasm from /ort/) over Comlink.
import { expose } from 'comlink';
import { GeneratorService } from './services/generator-service';

expose(new GeneratorService({ localModelPath: '/models/', wasmPaths: '/ort/' }));
