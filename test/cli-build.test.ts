// The built CLI: `npm run build:cli` bundles it into dist-cli/, and bin/overton.mjs (package.json "bin", so
// `npx overton`) runs it with plain node, no transpiler: --version, help, and a real command's output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain-JS build script without types
import { buildCli } from '../scripts/build-cli.mjs';
import { runReport } from '../src/cli/commands/report';

const repo = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; bin: { overton: string } };
const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });

describe('the built CLI', () => {
  beforeAll(async () => {
    await buildCli();
  }, 120_000);

  it('is package.json\'s `overton` bin and prints the package version', () => {
    expect(pkg.bin.overton).toBe('bin/overton.mjs');
    const r = node(pkg.bin.overton, '--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`overton ${pkg.version}`);
  });

  it('lists report among its commands and prints its usage', () => {
    const help = node('dist-cli/main.js', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^ {2}report {4}every paper table/m);
    const usage = node('dist-cli/main.js', 'report', '--help');
    expect(usage.stdout).toContain('usage: overton report <data-folder|file>');
  });

  it('runs a command from the bundle alone (no tsx, no src/) with the same output as the source', async () => {
    const r = node(pkg.bin.overton, 'report', 'test/fixtures/inspect/paper', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out: string[] = [];
    expect(await runReport(['test/fixtures/inspect/paper', '--json'], { out: (s) => out.push(s), err: () => undefined })).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(out.join('\n')));
    expect((JSON.parse(r.stdout) as { outputs: { system: string }[] }).outputs.map((o) => o.system).sort()).toEqual(['olmo-7b-chat', 'olmo-7b-icl-chat-rand']);
  });

  it.skipIf(!existsSync(join(repo, 'public/models/overton/use-lite/onnx/model.onnx')))('finds the bundled model from dist-cli/chunks (semantic runs from the bundle)', () => {
    const r = node(pkg.bin.overton, 'semantic', 'test/fixtures/semantic/data', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { system: string }[]).map((x) => x.system)).toEqual(['llama-2-base', 'llama-2-chat', 'llama-2-icl-chat']);
  }, 120_000);

  it('draws a figure from the bundle as SVG, PDF (jsdom + svg2pdf) and PNG (resvg) from a config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overton-cli-figure-'));
    const cfg = join(dir, 'length.config.json');
    const view = { dataset: 'paper', split: 'outputs', view: 'findings' };
    writeFileSync(cfg, JSON.stringify({ kind: 'overton-figure', version: 1, chart: 'length', title: 'Response length', view, preset: 'acl-single', fontPt: 9 }));
    for (const ext of ['svg', 'pdf', 'png']) {
      const out = join(dir, `length.${ext}`);
      const r = node(pkg.bin.overton, 'figure', 'test/fixtures/inspect/paper', '--config', cfg, '--out', out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`wrote ${out}: "Response length"`);
      const head = readFileSync(out).subarray(0, 8).toString('latin1');
      expect(head).toContain(ext === 'svg' ? '<?xml' : ext === 'pdf' ? '%PDF' : 'PNG');
    }
  }, 120_000);

  it('exits 2 on an unknown command', () => {
    const r = node('dist-cli/main.js', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "nope"');
  });
});
