// Query options over the workspace (IndexedDB): the only way views read stored datasets.

import { queryOptions } from '@tanstack/react-query';
import { keys } from './keys';
import { getDatasetMeta, listDatasets, loadSamples } from './workspace';

/** The workspace list. */
export const datasetListQuery = () => queryOptions({ queryKey: keys.datasets(), queryFn: listDatasets });

/** One dataset's meta; `null` when the key is unknown (e.g. a stale link). */
export const datasetMetaQuery = (key: string) =>
  queryOptions({ queryKey: keys.datasetMeta(key), queryFn: async () => (await getDatasetMeta(key)) ?? null });

/** The samples of one (split, system), ordered by prompt then sample index. */
export const samplesQuery = (key: string, split: string, system: string) =>
  queryOptions({ queryKey: keys.samples(key, split, system), queryFn: () => loadSamples(key, split, system) });
