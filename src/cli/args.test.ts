// Shared argv parsing: unknown options, missing values and bad numbers are usage errors, never silently ignored.
import { describe, expect, it } from 'vitest';
import { optColumns, optInt, optList, parseArgs, UsageError } from './args';

const spec = { valued: ['dataset', 'digits', 'columns', 'systems'], flags: ['json'] } as const;

describe('parseArgs', () => {
  it('reads positionals, --name value, --name=value and flags', () => {
    const a = parseArgs(['data', '--dataset', 'LIMA-OE', '--digits=2', '--json'], spec);
    expect(a.positional).toEqual(['data']);
    expect([...a.opts]).toEqual([['dataset', 'LIMA-OE'], ['digits', '2'], ['json', true]]);
  });
  it('rejects an unknown option, a missing value, a value on a flag and a repeat', () => {
    expect(() => parseArgs(['data', '--bogus'], spec)).toThrow(new UsageError('unknown option --bogus'));
    expect(() => parseArgs(['data', '--dataset'], spec)).toThrow('--dataset needs a value');
    // The next word is another option, not the value: `--dataset --json` must not filter on a dataset named "--json".
    expect(() => parseArgs(['data', '--dataset', '--json'], spec)).toThrow('--dataset needs a value');
    expect(() => parseArgs(['data', '--dataset='], spec)).toThrow('--dataset needs a value');
    expect(() => parseArgs(['data', '--json=yes'], spec)).toThrow('--json takes no value');
    expect(() => parseArgs(['data', '--digits', '2', '--digits', '3'], spec)).toThrow('--digits given twice');
  });
});

describe('option values', () => {
  it('optInt takes integers in range and rejects the rest', () => {
    expect(optInt(parseArgs([], spec), 'digits', 4, 0, 12)).toBe(4);
    expect(optInt(parseArgs(['--digits', '0'], spec), 'digits', 4, 0, 12)).toBe(0);
    for (const bad of ['abc', '2.5', '-1', '13']) expect(() => optInt(parseArgs(['--digits', bad], spec), 'digits', 4, 0, 12)).toThrow(UsageError);
  });
  it('optList trims and drops empty items', () => {
    expect(optList(parseArgs(['--systems', ' a, ,b '], spec), 'systems')).toEqual(['a', 'b']);
  });
  it('optColumns maps our fields to the user columns and rejects unknown fields', () => {
    expect(optColumns(parseArgs(['--columns', 'prompt=q, text = reply'], spec))).toEqual({ prompt: 'q', text: 'reply' });
    expect(() => optColumns(parseArgs(['--columns', 'answer=reply'], spec))).toThrow(/fields prompt, promptId, system/);
    expect(() => optColumns(parseArgs(['--columns', 'text'], spec))).toThrow(UsageError);
  });
});
