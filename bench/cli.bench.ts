// CLI benchmark: the built `overton report` (plain node, whole process) over the paper data vs a plain single-threaded
// stdlib Python script computing the same tables (bench/report-baseline.py), interleaved run by run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { paperDataDir } from '../src/node/paper-data';
// @ts-expect-error -- plain-JS build script without types
import { buildCli } from '../scripts/build-cli.mjs';
import { table } from './lib/browser';
import type { Bench } from './run';

const repo = join(import.meta.dirname, '..');
const BIN = join(repo, 'bin/overton.mjs');
const PY = join(repo, 'bench/report-baseline.py');

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU ms (user + system, all threads) of this process's finished children so far, from /proc/self/stat (cutime,
 * cstime: 10 ms ticks); NaN where there is no /proc.
 */
function childrenCpuMs(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 is at index 0: cutime and cstime are fields 16 and 17.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** One whole-process run: wall ms, CPU ms (user + system of every thread), stdout, stderr; throws on a non-zero exit. */
function run(cmd: string, args: string[]): { ms: number; cpuMs: number; out: string; err: string } {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, cpuMs: childrenCpuMs() - c0, out: r.stdout, err: r.stderr };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Largest absolute difference between two report JSONs' numbers, matched by table and row identity; -1 if rows differ. */
function maxDiff(a: Record<string, Record<string, unknown>[]>, b: Record<string, Record<string, unknown>[]>): number {
  let worst = 0;
  const id = (r: Record<string, unknown>) => JSON.stringify([r.dataset, r.split, r.system, r.kind, r.name, r.source]);
  for (const t of ['outputs', 'sample0', 'judges', 'summaries']) {
    const bi = new Map((b[t] ?? []).map((r) => [id(r), r]));
    if ((a[t] ?? []).length !== bi.size) return -1;
    for (const r of a[t] ?? []) {
      const o = bi.get(id(r));
      if (!o) return -1;
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && typeof o[k] === 'number') worst = Math.max(worst, Math.abs(v - (o[k] as number)));
    }
  }
  return worst;
}

export const bench: Bench = {
  title: 'cli: built `overton report` (node, one process) vs a single-threaded stdlib Python script, same tables, paper data',
  async run(args) {
    const data = paperDataDir();
    const rounds = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
    await buildCli();
    const report = () => run(process.execPath, [BIN, 'report', data, '--json', '--timing']);
    const version = () => run(process.execPath, [BIN, '--version']);
    const python = () => run('python3', [PY, data]);
    // Warm-up (file cache, both runtimes), and the tables must agree before any timing means anything.
    const ours = report();
    const theirs = python();
    const diff = maxDiff(JSON.parse(ours.out) as never, JSON.parse(theirs.out) as never);
    console.log(`tables agree with the Python script: ${diff >= 0 && diff <= 1e-4 ? 'yes' : 'NO'} (largest difference ${diff})`);
    const r = { ours: [] as number[], py: [] as number[], ver: [] as number[], oursCpu: [] as number[], pyCpu: [] as number[], verCpu: [] as number[], importMs: [] as number[], measureMs: [] as number[], lanes: 1, spans: '' };
    // Other work on the machine slows both sides, the two-lane report more: say how quiet it was.
    const load = loadavg()[0]!;
    for (let i = 0; i < rounds; i++) {
      const o = report();
      const t = JSON.parse(/timing (\{.*\})/.exec(o.err)![1]!) as { importMs: number; measureMs: number; lanes: number; laneSpans?: [number, number][] };
      r.ours.push(o.ms);
      r.oursCpu.push(o.cpuMs);
      r.importMs.push(t.importMs);
      r.measureMs.push(t.measureMs);
      r.lanes = t.lanes;
      r.spans = (t.laneSpans ?? []).map(([a, b]) => `${a.toFixed(0)}–${b.toFixed(0)}`).join(', ');
      const p = python();
      r.py.push(p.ms);
      r.pyCpu.push(p.cpuMs);
      const v = version();
      r.ver.push(v.ms);
      r.verCpu.push(v.cpuMs);
    }
    const ratios = r.ours.map((ms, i) => r.py[i]! / ms);
    const imp = median(r.importMs);
    const mea = median(r.measureMs);
    console.log(
      table(
        ['what', 'median wall ms', 'min', 'max', 'median CPU ms', 'note'],
        [
          ['overton report --json (built, node)', median(r.ours), Math.min(...r.ours), Math.max(...r.ours), median(r.oursCpu), `${r.lanes} lane(s) on ${availableParallelism()} cores; start-up included`],
          ['overton --version (start-up alone)', median(r.ver), Math.min(...r.ver), Math.max(...r.ver), median(r.verCpu), 'node + the bundle'],
          ['python3 report-baseline.py', median(r.py), Math.min(...r.py), Math.max(...r.py), median(r.pyCpu), 'single-threaded, stdlib json/re'],
        ],
      ),
    );
    console.log(`\nshare of report's thread time: import ${((100 * imp) / (imp + mea)).toFixed(0)} %, measuring ${((100 * mea) / (imp + mea)).toFixed(0)} % (medians ${imp.toFixed(0)} / ${mea.toFixed(0)} ms summed over lanes)`);
    console.log(`last report's lanes busy (ms after it started): ${r.spans}`);
    console.log(`${rounds} interleaved rounds; speed-up per round (python ÷ ours): ${ratios.map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`load average (1 min) at the start: ${load.toFixed(2)} on ${availableParallelism()} cores (a busy machine slows the two-lane report more than the one-thread script)\n`);
    console.log(`RESULT cli_report_ms ${median(r.ours).toFixed(0)}`);
    console.log(`RESULT cli_version_ms ${median(r.ver).toFixed(0)}`);
    console.log(`RESULT cli_python_ms ${median(r.py).toFixed(0)}`);
    console.log(`RESULT cli_report_cpu_ms ${median(r.oursCpu).toFixed(0)}`);
    console.log(`RESULT cli_python_cpu_ms ${median(r.pyCpu).toFixed(0)}`);
    console.log(`RESULT cli_speedup ${median(ratios).toFixed(2)}`);
  },
};
