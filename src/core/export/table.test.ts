// The shared table formatters: number cells, aligned text, CSV that parses back, booktabs LaTeX with bold best.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cell, latexEscape, toCsv, toLatex, toText, type Table } from './table';

const t: Table = {
  columns: ['system', 'n_prompts', 'samples_per_prompt', 'jaccard_all', 'mean_words'],
  rows: [
    ['llama-2-chat', 50, { '5': 50 }, 0.35271, 303.8],
    ['gpt_3.5 & co', 50, { '5': 49, '4': 1 }, 0.3, null],
  ],
};

describe('cell', () => {
  it('writes counts as integers, other numbers with fixed decimals, histograms as k×n, null as empty', () => {
    expect(cell(50, 4, 'n_prompts')).toBe('50');
    expect(cell(0.3, 4, 'jaccard_all')).toBe('0.3000');
    expect(cell(1, 2, 'samples_per_prompt')).toBe('1');
    expect(cell({ '5': 49, '4': 1 }, 4, 'samples_per_prompt')).toBe('4×1 5×49');
    expect(cell(null, 4)).toBe('');
  });
});

describe('toText', () => {
  it('aligns columns and right-aligns numeric ones', () => {
    const lines = toText(t, { digits: 2 }).split('\n');
    expect(lines[0]).toMatch(/^system\s+n_prompts\s+samples_per_prompt\s+jaccard_all\s+mean_words$/);
    expect(lines[2]).toContain('0.35');
    expect(lines[3]!.endsWith('0.30')).toBe(true);
    expect(lines[1]).toMatch(/^-+( +-+){4}$/);
  });
});

describe('toCsv', () => {
  it('parses back to the same cells, with histograms as JSON and escaping for commas/quotes', () => {
    const csv = toCsv({ columns: ['system', 'samples_per_prompt', 'x'], rows: [['a, "b"', { '5': 50 }, 0.5]] }, { digits: 3 });
    const back = Papa.parse<string[]>(csv.trim()).data;
    expect(back).toEqual([
      ['system', 'samples_per_prompt', 'x'],
      ['a, "b"', '{"5":50}', '0.500'],
    ]);
  });
});

describe('toLatex', () => {
  it('is a booktabs tabular with escaped text, -- for missing and the chosen precision', () => {
    const tex = toLatex(t, { digits: 3 });
    expect(tex.split('\n')).toEqual([
      '\\begin{tabular}{lrlrr}',
      '\\toprule',
      'system & n\\_prompts & samples\\_per\\_prompt & jaccard\\_all & mean\\_words \\\\',
      '\\midrule',
      'llama-2-chat & 50 & 5$\\times$50 & 0.353 & 303.800 \\\\',
      'gpt\\_3.5 \\& co & 50 & 4$\\times$1 5$\\times$49 & 0.300 & -- \\\\',
      '\\bottomrule',
      '\\end{tabular}',
    ]);
  });

  it('bolds the best value per chosen column (max or min), ties included, as printed', () => {
    const tex = toLatex(
      { columns: ['system', 'a', 'b'], rows: [['x', 0.1234, 5], ['y', 0.1231, 3], ['z', 0.0, 3]] },
      { digits: 3, best: { a: 'max', b: 'min' } },
    );
    expect(tex).toContain('x & \\textbf{0.123} & 5.000 \\\\');
    expect(tex).toContain('y & \\textbf{0.123} & \\textbf{3.000} \\\\');
    expect(tex).toContain('z & 0.000 & \\textbf{3.000} \\\\');
  });

  it('escapes every LaTeX special character', () => {
    expect(latexEscape('a_b & c% $d #e {f} ~g ^h \\i')).toBe('a\\_b \\& c\\% \\$d \\#e \\{f\\} \\textasciitilde{}g \\textasciicircum{}h \\textbackslash{}i');
  });
});
