// The README's promises about the docs hold: every local link and image exists, the metric definitions live in the
// repository and name every field the CLI prints, and both embedding timings (CLI and browser) are stated.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

describe('README and docs/', () => {
  it('links only to files that exist in the repository (images included), and not to ../shared for definitions', () => {
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^https?:/.test(t));
    expect(targets).toEqual(expect.arrayContaining(['docs/METRICS.md', 'docs/screenshots/browse.png', 'docs/screenshots/overview.png']));
    for (const t of targets) expect(existsSync(resolve(root, t)), t).toBe(true);
    expect(readme).not.toMatch(/\.\.\/shared\/paper-reference\/METRICS\.md/);
  });
  it('docs/METRICS.md defines every lexical, format and judge field the tables print', () => {
    const doc = readFileSync(resolve(root, 'docs/METRICS.md'), 'utf8');
    for (const f of ['n_prompts', 'n_responses', 'n_errors', 'mean_words', 'median_words', 'jaccard_all', 'jaccard_nostop', 'frac_numbered_list', 'frac_bullet_list', 'frac_abstain', 'distinct_prefix5_ratio', 'mean_pairwise_len_diff', 'parse_failures', 'frac_prompts_yes_and_no', 'frac_prompts_any_both', 'mean_distinct_stances', 'mean_score', 'mean_topics_', 'mean_help_', 'rows_used', 'within_cosine', 'distinct', 'to_teacher', 'teacher_self', 'ratio']) {
      expect(doc, f).toContain(f);
    }
  });
  it('states the embedding time of the CLI and of the browser separately', () => {
    expect(readme).toMatch(/~90 s for all 4000 LIMA-OE samples on 2 cores in the CLI; the browser takes ≈ 160 s/);
  });
});
