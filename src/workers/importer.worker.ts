// Worker shim: exposes one ImporterService over Comlink.
import { expose } from 'comlink';
import { ImporterService } from './services/importer';

expose(new ImporterService());
