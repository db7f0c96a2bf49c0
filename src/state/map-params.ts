// The map views' projection parameters (method, seed, UMAP settings) and colour-by, read from and written to the URL view state.

import { useMemo } from 'react';
import { useColorBy, useProjectionParams, useViewActions } from './view-store';

/** Projection parameters as the map views use them; defaults fill what the URL lacks. */
export interface MapParams {
  method: 'pca' | 'umap';
  seed: number;
  nNeighbors: number;
  minDist: number;
}

/** Defaults: UMAP (the views show PCA until it is ready), seed 42, UMAP's usual 15 neighbours and 0.1 minimum distance. */
export const DEFAULT_MAP_PARAMS: MapParams = { method: 'umap', seed: 42, nNeighbors: 15, minDist: 0.1 };

/** Reads a URL `projection` record into {@link MapParams}, ignoring values out of range. */
export function mapParamsOf(p: Record<string, number | string> | undefined): MapParams {
  const num = (k: string, lo: number, hi: number, d: number) => {
    const v = p?.[k];
    return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : d;
  };
  return {
    method: p?.method === 'pca' ? 'pca' : 'umap',
    seed: Math.floor(num('seed', 0, 2 ** 31 - 1, DEFAULT_MAP_PARAMS.seed)),
    nNeighbors: Math.floor(num('nNeighbors', 2, 200, DEFAULT_MAP_PARAMS.nNeighbors)),
    minDist: num('minDist', 0, 1, DEFAULT_MAP_PARAMS.minDist),
  };
}

/** The map parameters and a setter that writes them to the URL (a replace, not a history entry). */
export function useMapParams(): [MapParams, (patch: Partial<MapParams>) => void] {
  const raw = useProjectionParams();
  const { viewParamsChanged } = useViewActions();
  const params = useMemo(() => mapParamsOf(raw), [raw]);
  const set = (patch: Partial<MapParams>) => viewParamsChanged({ projection: { ...params, ...patch } });
  return [params, set];
}

/** What map points are coloured by: `system`, `kind`, `cluster`, a per-sample measure (`length`) or category (`format`). */
export type MapColorBy = 'system' | 'kind' | 'cluster' | 'length' | 'format';

/** Colour-by from the URL, `system` unless set to a known value. */
export function useMapColorBy(): [MapColorBy, (c: MapColorBy) => void] {
  const raw = useColorBy();
  const { viewParamsChanged } = useViewActions();
  const value: MapColorBy = raw === 'kind' || raw === 'cluster' || raw === 'length' || raw === 'format' ? raw : 'system';
  return [value, (colorBy) => viewParamsChanged({ colorBy })];
}
