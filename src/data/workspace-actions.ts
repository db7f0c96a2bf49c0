// Mutations on the workspace (rename, delete) that keep the query cache in step.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from './keys';
import { deleteDataset, renameDataset } from './workspace';

/** Renames a stored dataset; refreshes the list and its meta. */
export function useRenameDataset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, name }: { key: string; name: string }) => renameDataset(key, name),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.datasets() }),
  });
}

/** Deletes a stored dataset and drops every cached query of it. */
export function useDeleteDataset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => deleteDataset(key),
    onSuccess: async (_, key) => {
      client.removeQueries({ queryKey: keys.dataset(key) });
      await client.invalidateQueries({ queryKey: keys.datasets() });
    },
  });
}
