// The palette tells base / aligned / ICL apart by shape, ICL variants by shade, selection and hint; names wrap only at "-".
import { describe, expect, it } from 'vitest';
import { describeSystem } from '../core/model/system';
import { ICL_TEACHER_SHADES, nameBreaks, sortSystemsByKind, systemStyle, wrapName } from './palette';

const style = (h: string) => systemStyle(describeSystem(h));

describe('systemStyle', () => {
  it('gives each kind its own shape', () => {
    expect(new Set(['llama-2-base', 'llama-2-chat', 'llama-2-icl', 'gpt-3.5-turbo-summary-llama-2-chat'].map((h) => style(h).shape)).size).toBe(4);
  });
  it('shades ICL variants by teacher, hollows per-prompt selection and hatches hints', () => {
    expect(style('llama-2-icl').color).toBe(ICL_TEACHER_SHADES.own);
    expect(style('llama-2-icl-chat').color).toBe(ICL_TEACHER_SHADES.chat);
    expect(style('llama-2-icl-gpt-3.5').color).toBe(ICL_TEACHER_SHADES.api);
    expect(style('llama-2-icl-chat-knn-prompt_similar')).toMatchObject({ fill: 'hollow', pattern: 'none' });
    expect(style('llama-2-icl-chat-rand').fill).toBe('hollow');
    expect(style('llama-2-icl-chat-summary')).toMatchObject({ fill: 'solid', pattern: 'hatch' });
    expect(style('llama-2-icl-chat').group).toBe('icl · chat');
  });
});

describe('sortSystemsByKind', () => {
  it('groups ICL variants by teacher, fixed before selected, plain before hinted', () => {
    const ids = ['llama-2-icl-gpt-3.5', 'llama-2-icl-chat-summary', 'llama-2-icl-chat-rand', 'llama-2-icl-chat', 'llama-2-icl', 'llama-2-chat', 'llama-2-base'];
    expect(sortSystemsByKind(ids.map((h) => describeSystem(h))).map((s) => s.id)).toEqual([
      'llama-2-base', 'llama-2-chat', 'llama-2-icl', 'llama-2-icl-chat', 'llama-2-icl-chat-summary', 'llama-2-icl-chat-rand', 'llama-2-icl-gpt-3.5',
    ]);
  });
});

describe('name wrapping', () => {
  it('breaks after "-" and "_" only and joins back to the handle', () => {
    const h = 'llama-2-icl-gpt-3.5-knn-prompt_similar';
    expect(nameBreaks(h).join('')).toBe(h);
    expect(nameBreaks(h)).toContain('3.5-');
    const lines = wrapName(h, 14);
    expect(lines.join('')).toBe(h);
    for (const l of lines) expect(l.length <= 14 || !/[-_]/.test(l.slice(0, -1))).toBe(true);
    expect(lines.slice(0, -1).every((l) => /[-_]$/.test(l))).toBe(true);
    expect(wrapName('supercalifragilistic', 5)).toEqual(['supercalifragilistic']);
  });
});
