// A FileSource over a folder (or one file) on disk: the Node-only layer the CLI, benches, vite.config.ts and core tests share.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
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
      return readWhole(full);
    },
  };
}

/**
 * A file's bytes in one buffer of its size, read with as few calls as the kernel allows: `readFileSync` reads in
 * chunks, and in sandboxes where each system call is costly that doubled the read time of the paper data (~190 MB).
 */
function readWhole(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    // Not zero-filled (every byte is read over) and not from the shared pool: one ArrayBuffer per file.
    const b = Buffer.allocUnsafeSlow(size);
    const buf = new Uint8Array(b.buffer, b.byteOffset, size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    // A file that shrank while being read yields what was there.
    return got === size ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
