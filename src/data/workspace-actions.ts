// Mutations on the workspace (rename, delete) that keep the query cache in step.

import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { keys } from './keys';
import { forgetDataset } from './measurer-client';
import type { SystemOverride } from '../core/model/system';
import { deleteDataset, renameDataset, setSystemOverrides } from './workspace';

/** Renames a stored dataset; refreshes the list and its meta. */
export function useRenameDataset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, name }: { key: string; name: string }) => renameDataset(key, name),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.datasets() }),
  });
}

/** Deletes a stored dataset, drops every cached query of it and frees the measurer worker's copy. */
export function useDeleteDataset() {
  return useMutation(deleteDatasetMutation(useQueryClient()));
}

/** The delete mutation's options (apart from the hook so tests can run it on a bare QueryClient). */
export function deleteDatasetMutation(client: QueryClient) {
  return mutationOptions({
    mutationFn: (key: string) => deleteDataset(key),
    onSuccess: async (_, key) => {
      client.removeQueries({ queryKey: keys.dataset(key) });
      // Best effort: a failed free only costs memory, and the dataset is gone from the workspace either way.
      await forgetDataset(key).catch(() => undefined);
      await client.invalidateQueries({ queryKey: keys.datasets() });
    },
  });
}

/** Saves the kind / teacher the user set per system; every query of the dataset is refreshed (kinds change figures' grouping). */
export function useSetSystemOverrides() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, overrides }: { key: string; overrides: Record<string, SystemOverride> }) => setSystemOverrides(key, overrides),
    onSuccess: (_, { key }) => client.invalidateQueries({ queryKey: keys.dataset(key) }).then(() => client.invalidateQueries({ queryKey: keys.datasets() })),
  });
}
