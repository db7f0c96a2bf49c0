// A FileSource over a folder (or one file) on disk: the Node-only layer the CLI, benches, vite.config.ts and core tests share.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../core/io/file-source';

/**
 * Lists every file under `folder` (forward-slash relative paths, sorted), skipping dot-files and dot-folders
 * (`.DS_Store`, `.git`) silently. If `folder` is a single file, the source holds just that file (by its base name).
 * `read` returns the file's bytes as one Uint8Array (no copy beyond Node's read).
 */
export function nodeSource(folder: string): FileSource {
  const root = resolve(folder);
  const single = statSync(root).isFile();
  return {
    label: folder,
    async list() {
      if (single) return [basename(root)];
      const out: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          if (entry.name.startsWith('.')) continue;
          const full = join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
        }
      };
      walk(root);
      return out.sort();
    },
    async read(path) {
      const full = single ? root : resolve(root, path);
      if (!single && !full.startsWith(root + sep)) throw new Error(`path outside ${folder}: ${path}`);
      const buf = readFileSync(full);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
  };
}
