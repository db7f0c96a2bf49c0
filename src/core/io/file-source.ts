// A read-only view of a folder tree, so one importer serves Node fs, a browser folder picker, dropped files and HTTP.

/** A folder tree. Paths are relative, forward-slash, without a leading slash (e.g. `LIMA-OE/outputs/x/samples.jsonl`). */
export interface FileSource {
  /** A label for messages (a folder path or URL). */
  readonly label: string;
  /** Every file path in the tree. */
  list(): Promise<string[]>;
  /** The bytes of one file; rejects if it cannot be read. */
  read(path: string): Promise<Uint8Array>;
}

/** A {@link FileSource} over files held in memory (tests, dropped files). */
export function memorySource(files: Record<string, Uint8Array | string>, label = 'memory'): FileSource {
  const enc = new TextEncoder();
  return {
    label,
    list: async () => Object.keys(files).sort(),
    read: async (path) => {
      const f = files[path];
      if (f === undefined) throw new Error(`${label}: no file ${path}`);
      return typeof f === 'string' ? enc.encode(f) : f;
    },
  };
}
