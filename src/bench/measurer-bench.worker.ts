// Bench worker shim: one MeasurerBench (the app's Measurer + import-and-measure timing) over Comlink.
import { expose } from 'comlink';
import { MeasurerBench } from './services/measurer-bench';

expose(new MeasurerBench());
