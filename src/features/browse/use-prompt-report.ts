// The measurer worker's report on the selected prompt (measures, judges, BERTScore, hints) for the shown systems.

import { useQuery } from '@tanstack/react-query';
import { promptReportQuery, type PromptColumn } from '../../data/measurer-client';

/**
 * The report for (`split`, `prompt`, `systems`), and a lookup of one column by system handle. Disabled until the
 * dataset's content hash is known; `columnOf` returns undefined while pending.
 */
export function usePromptReport(
  datasetKey: string,
  contentHash: string | undefined,
  split: string,
  prompt: number | undefined,
  systems: readonly string[],
) {
  const q = useQuery({
    ...promptReportQuery(datasetKey, contentHash ?? '', split, prompt ?? -1, systems),
    enabled: contentHash !== undefined && prompt !== undefined && systems.length > 0,
  });
  const columnOf = (system: string): PromptColumn | undefined => q.data?.columns.find((c) => c.system === system);
  return { report: q.data, columnOf, isPending: q.isPending && q.fetchStatus !== 'idle', error: q.error };
}
