// Benchmark runner (`npm run bench [-- name ...]`): runs bench/<name>.bench.ts, or all of them in order.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What each `*.bench.ts` exports: `run()` prints its own table(s) and RESULT lines. */
export interface Bench {
  title: string;
  run(args: string[]): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const names = asked.length ? asked : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; have: ${all.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(join(here, `${name}.bench.ts`))) as { bench: Bench };
  console.log(`\n## ${mod.bench.title}\n`);
  await mod.bench.run(flags);
}
