// Worker shim: exposes one Measurer over Comlink.
import { expose } from 'comlink';
import { Measurer } from './services/measurer';

expose(new Measurer());
