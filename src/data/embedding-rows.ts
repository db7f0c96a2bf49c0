// The sample texts the embedder worker is handed (one split, keyed by sampleKey), read through the samples query cache; shared by every view that talks to the worker.

import type { QueryClient } from '@tanstack/react-query';
import { sampleKey, type DatasetRef, type SampleText } from '../core/embed/embedder';
import type { SampleRef } from '../core/model/sample-ref';
import type { Sample } from '../core/model/types';
import { samplesQuery } from './queries';
import type { DatasetMeta } from './workspace';

/** A sample with text, as embedded. */
export interface TextRow extends SampleRef {
  key: string;
  text: string;
}

/** The samples with text of one (split, system). */
export async function textRows(qc: QueryClient, meta: DatasetMeta, split: string, system: string): Promise<TextRow[]> {
  const samples: Sample[] = await qc.ensureQueryData(samplesQuery(meta.key, split, system));
  return samples
    .filter((s) => s.text !== null)
    .map((s) => ({ system, prompt: s.prompt, index: s.index, text: s.text!, key: sampleKey({ system, prompt: s.prompt, index: s.index }) }));
}

/** Every sample with text of a split, all systems (what the worker holds vectors for). */
export async function splitRows(qc: QueryClient, meta: DatasetMeta, split: string): Promise<TextRow[]> {
  return (await Promise.all((meta.systemsBySplit[split] ?? []).map((s) => textRows(qc, meta, split, s)))).flat();
}

/** The worker's name for one split of a stored dataset. */
export const refOf = (meta: DatasetMeta, split: string): DatasetRef => ({ dataset: meta.key, contentHash: meta.contentHash, split });

/** Rows as the worker takes them. */
export const sent = (rows: readonly TextRow[]): SampleText[] => rows.map((r) => ({ key: r.key, text: r.text }));

/** Student → teacher system handles of a dataset (`SystemInfo.teacherSystem`), for the teacher-similarity figures. */
export function teachersOf(meta: DatasetMeta): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of meta.systems) if (s.teacherSystem) out[s.id] = s.teacherSystem;
  return out;
}
