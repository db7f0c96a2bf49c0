// The app's QueryClient: results here are deterministic functions of their keys, so they never go stale on their own.

import { QueryClient } from '@tanstack/react-query';

/** Creates the QueryClient with the app defaults (no refetch on focus; errors surface, no silent retries). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: false },
      mutations: { retry: false },
    },
  });
}
