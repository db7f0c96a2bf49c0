// Bench worker shim: the app's own ImporterService in the bench page's worker, so the timed import is the app's code.
import { expose } from 'comlink';
import { ImporterService } from '../workers/services/importer';

expose(new ImporterService());
