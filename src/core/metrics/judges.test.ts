// Pins the judge aggregates to METRICS.md: N/A and missing scores, unparsable JSON, ok:false lines, stance groups.
import { describe, expect, it } from 'vitest';
import type { JudgeKind, JudgeRecord } from '../model/types';
import {
  judgeLineProblem,
  judgeReason,
  missingRow,
  pairOfJudgeName,
  qualityJudgement,
  qualityRow,
  qualityScores,
  stanceRow,
  toScore,
  topicCounts,
  topicsRow,
} from './judges';

const rec = (kind: JudgeKind, line: number, perPrompt: number, content: unknown): JudgeRecord => ({
  kind,
  name: 'x',
  prompt: Math.floor(line / perPrompt),
  sample: line % perPrompt,
  line,
  content: content === null ? null : typeof content === 'string' ? content : JSON.stringify(content),
});
const q = (h: string, rest = '5') => ({
  helpfulness: { score: h, reason: '' },
  clarity: { score: rest },
  factuality: { score: rest },
  depth: { score: rest },
});

describe('toScore', () => {
  it('reads numbers like Python float()', () => {
    expect(toScore('4')).toBe(4);
    expect(toScore(' 3.5 ')).toBe(3.5);
    expect(toScore(2)).toBe(2);
    expect(toScore('N/A')).toBeNull();
    expect(toScore('')).toBeNull();
    expect(toScore(null)).toBeNull();
  });
});

describe('qualityRow', () => {
  it('skips N/A and missing aspects, counts parse failures, s0 = first line per prompt', () => {
    const recs = [
      rec('eval-quality', 0, 2, q('4')),
      rec('eval-quality', 1, 2, q('N/A')),
      rec('eval-quality', 2, 2, '{not json'),
      rec('eval-quality', 3, 2, q('2', '3')),
      rec('eval-quality', 4, 2, null),
      rec('eval-quality', 5, 2, q('1')),
    ];
    const r = qualityRow('D', 'x', recs);
    expect(r.rows).toBe(6);
    expect(r.samples_per_prompt).toBe(2);
    expect(r.parse_failures).toBe(2);
    expect(r.helpfulness_all).toBeCloseTo((4 + 2 + 1) / 3);
    expect(r.helpfulness_s0).toBeCloseTo(4); // firsts: line 0 (4), line 2 (fail), line 4 (ok:false)
    expect(r.engagement_all).toBeNull(); // never given
    expect(r.avg5_all).toBeNull();
    expect(r.clarity_all).toBeCloseTo((5 + 5 + 3 + 5) / 4);
  });
  it('avg5 is the mean of the five aspect means', () => {
    const full = { ...q('5', '4'), engagement: { score: '3' } };
    const r = qualityRow('D', 'x', [rec('eval-quality', 0, 1, full)]);
    expect(r.avg5_all).toBeCloseTo((5 + 4 + 4 + 4 + 3) / 5);
    expect(r.avg5_s0).toBeCloseTo(r.avg5_all!);
  });
});

describe('stanceRow', () => {
  it('fractions over lines and per-prompt pluralism', () => {
    const labels = ['yes', 'No ', 'both', 'BOTH', 'both', 'other', 'maybe', null];
    const recs = labels.map((s, i) => rec('eval-stance', i, 2, s === null ? 'oops' : { stance: s }));
    const r = stanceRow('D', 'x', recs);
    expect(r.frac_yes).toBeCloseTo(1 / 8);
    expect(r.frac_both).toBeCloseTo(3 / 8);
    expect(r.unparsed).toBe(2);
    expect(r.frac_prompts_yes_and_no).toBeCloseTo(1 / 4);
    expect(r.frac_prompts_any_both).toBeCloseTo(2 / 4);
    expect(r.mean_distinct_stances).toBeCloseTo((2 + 1 + 2 + 0) / 4);
  });
});

describe('missingRow', () => {
  it('mean, histogram and parse failures', () => {
    const recs = [{ score: '1' }, { score: 3 }, { score: '1' }, 'bad', { reason: 'no score' }].map((c, i) =>
      rec('eval-missing', i, 1, c),
    );
    const r = missingRow('D', 'x', recs);
    expect(r.mean_score).toBeCloseTo(5 / 3);
    expect(r.score_counts).toEqual({ '1': 2, '3': 1 });
    expect(r.parse_failures).toBe(2);
  });
});

describe('topicsRow', () => {
  it('counts per parsed line, helpfulness per topic', () => {
    const recs = [
      { topics: [{ name: 'a', response: 'A', helpfulness: 5 }, { name: 'b', response: 'both', helpfulness: '3' }] },
      { topics: [{ name: 'c', response: 'A', helpfulness: '4' }, { name: 'd', response: 'B', helpfulness: 2 }] },
      '```json {}```',
    ].map((c, i) => rec('extract-topics', i, 1, c));
    const r = topicsRow('D', 'x', recs);
    expect(r.parse_failures).toBe(1);
    expect(r.mean_topics_A).toBe(2 / 2);
    expect(r.mean_topics_B).toBe(1 / 2);
    expect(r.mean_topics_both).toBe(1 / 2);
    expect(r.mean_help_A).toBe(4.5);
    expect(r.mean_help_B).toBe(2);
    expect(r.mean_help_both).toBe(3);
  });
});

describe('per-record judge parsing', () => {
  it('qualityJudgement gives scores as the aggregate reads them, with reasons', () => {
    const c = JSON.stringify({ ...q('4'), engagement: { score: 'N/A', reason: 'not applicable' } });
    const j = qualityJudgement(c)!;
    expect(j.helpfulness).toEqual({ score: 4, reason: '' });
    expect(j.clarity).toEqual({ score: 5, reason: null });
    expect(j.engagement).toEqual({ score: null, reason: 'not applicable' });
    expect(Object.values(j).map((a) => a.score)).toEqual(Object.values(qualityScores(c)!));
    expect(qualityJudgement('{nope')).toBeUndefined();
    expect(qualityJudgement(null)).toBeUndefined();
  });
  it('judgeReason reads the top-level reason only', () => {
    expect(judgeReason(JSON.stringify({ reason: 'r', stance: 'yes' }))).toBe('r');
    expect(judgeReason(JSON.stringify({ reason: 3 }))).toBeNull();
    expect(judgeReason('[1]')).toBeNull();
  });
  it('topicCounts counts A / B / both and ignores other labels', () => {
    const t = (response: string) => ({ name: 'n', response, helpfulness: null });
    expect(topicCounts([t('A'), t('A'), t('both'), t('C')])).toEqual({ A: 2, B: 0, both: 1 });
  });
  it('pairOfJudgeName splits ref_X--alt_Y', () => {
    expect(pairOfJudgeName('ref_llama-2-chat--alt_llama-2-base')).toEqual({ ref: 'llama-2-chat', alt: 'llama-2-base' });
    expect(pairOfJudgeName('llama-2-chat')).toBeUndefined();
  });
});

describe('verdicts kept from the import check', () => {
  it('reuses the check\'s verdict for the row, and recomputes it when a record\'s content is replaced', () => {
    const r = rec('eval-stance', 0, 1, { stance: 'yes' });
    expect(judgeLineProblem('eval-stance', r.content, r)).toBeNull();
    expect(stanceRow('d', 'x', [r]).frac_yes).toBe(1);
    r.content = JSON.stringify({ stance: 'no' });
    expect(stanceRow('d', 'x', [r]).frac_no).toBe(1);
    // A check of another record's content does not stick to this record.
    expect(judgeLineProblem('eval-stance', '{"stance": "maybe"}', r)).toMatch(/no a "stance"/);
    expect(stanceRow('d', 'x', [r]).frac_no).toBe(1);
  });
});
