// Where tests and benches find the paper's released data: OVERTON_DATA when set, else ../shared/paper-data beside the checkout.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root folder (absolute). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The paper data folder (absolute): `OVERTON_DATA` (resolved against the working directory) when set, else
 * `<repo>/../shared/paper-data`. Read by path, never copied into the repository.
 */
export function paperDataDir(): string {
  const env = process.env.OVERTON_DATA;
  return env ? resolve(env) : join(REPO_ROOT, '../shared/paper-data');
}

/** `../shared/paper-reference/reference.json`: the figures the reference tests recompute. */
export const PAPER_REFERENCE = join(REPO_ROOT, '../shared/paper-reference/reference.json');
