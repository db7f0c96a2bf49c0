// Data of the Findings view: the measurer's per-prompt tables, the embedder's per-prompt semantic figures, and the systems shown.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { SystemInfo } from '../../core/model/types';
import { semanticDistributionsQuery } from '../../data/findings-queries';
import { findingsQuery } from '../../data/measurer-client';
import type { DatasetMeta } from '../../data/workspace';
import { useEmbedModel, useSemanticThreshold } from '../../state/semantic-store';
import { useChosenSystems } from '../../state/view-store';
import { shownSystems } from '../../figures/findings-figures';

/**
 * The systems of `split` (palette order) and those shown: the shared view state's chosen systems when set (the same
 * list Browse shows as columns), else every system of the split.
 */
export function useShownSystems(meta: DatasetMeta | undefined, split: string): { inSplit: SystemInfo[]; shown: SystemInfo[]; chosen: boolean } {
  const chosen = useChosenSystems();
  return useMemo(() => {
    if (!meta) return { inSplit: [], shown: [], chosen: false };
    return { ...shownSystems(meta.systems, meta.systemsBySplit[split] ?? [], chosen ?? undefined), chosen: !!chosen };
  }, [meta, split, chosen]);
}

/** The measurer worker's per-prompt tables of the open split. */
export function useFindingsTables(meta: DatasetMeta | undefined, split: string) {
  return useQuery({ ...findingsQuery(meta?.key ?? '', meta?.contentHash ?? '', split), enabled: meta !== undefined });
}

/** The embedder worker's per-prompt semantic figures of the open split, under the picked model and threshold. */
export function useSemanticDistributions(meta: DatasetMeta | undefined, split: string) {
  const qc = useQueryClient();
  const model = useEmbedModel();
  const threshold = useSemanticThreshold();
  const q = useQuery(semanticDistributionsQuery(qc, meta, split, model, threshold));
  return { ...q, model, threshold };
}
