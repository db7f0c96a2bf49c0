// The installed package's root, found from the running file: the same answer from src/ (tsx, Vitest) and from the
// bundled dist-cli/chunks/*.js, whose depth below the root differs (a fixed '../../..' broke the built CLI's models).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The nearest folder at or above this file whose package.json is named "overton" (absolute). */
export function packageRoot(): string {
  if (cached) return cached;
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'overton') return (cached = d);
    if (dirname(d) === d) throw new Error(`no overton package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** Where the offline models are built (`npm run build:model`): `<package>/public/models/`, with the trailing slash Transformers.js wants. */
export const modelsDir = (): string => `${join(packageRoot(), 'public/models')}/`;
