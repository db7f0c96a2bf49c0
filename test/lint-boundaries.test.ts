// Proves the layer rules of eslint.config.js fire: lints test/fixtures/lint (a tiny src/ tree) with the real config
// and checks each file gets exactly the rule its `// expect:` header names (`clean` = no message at all).
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain-JS config module without types
import { boundaryZones } from '../eslint.config.js';

const fixture = join(import.meta.dirname, 'fixtures/lint');
const repo = join(import.meta.dirname, '..');

describe('layer boundaries (eslint.config.js over test/fixtures/lint)', () => {
  it('fires the cycle, zone and worker-value rules where the fixtures expect them, and nowhere else', async () => {
    const eslint = new ESLint({ cwd: fixture });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const r of results) {
      const file = relative(fixture, r.filePath);
      const header = /^\/\/ expect: (\S+)/.exec(readFileSync(r.filePath, 'utf8'));
      want[file] = header?.[1] ?? '(no expect header)';
      const rules = [...new Set(r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`))].sort();
      got[file] = rules.length ? rules.join(' ') : 'clean';
    }
    expect(results.length).toBeGreaterThanOrEqual(30);
    expect(got).toEqual(want);
    // Each rule this file proves has a fixture that must trip it, and clean files show the rules do not over-fire.
    expect(new Set(Object.values(want))).toEqual(
      new Set(['clean', 'import-x/no-cycle', 'import-x/no-restricted-paths', '@typescript-eslint/no-restricted-imports']),
    );
  });

  it('fences every feature folder of this checkout, with no hand-kept list', () => {
    const features = readdirSync(join(repo, 'src/features'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const fenced = (boundaryZones(repo, false) as { target: string | string[]; message: string }[])
      .filter((z) => z.message.includes('never imports another feature'))
      .map((z) => z.target);
    expect(features.length).toBeGreaterThan(0);
    expect(fenced.sort()).toEqual(features.map((f) => `./src/features/${f}`).sort());
  });
});
