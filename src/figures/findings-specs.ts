// Pure builders from the Findings data (measurer and embedder results) to ChartSpecs: the paper's figure families.

import type { BertScoreRow } from '../core/metrics/bertscore';
import { boxStats, STANCE_PATTERNS, type FindingsTables, type StancePattern } from '../core/metrics/distributions';
import { QUALITY_ASPECTS, STANCES } from '../core/metrics/judges';
import type { PromptMeasures } from '../core/metrics/outputs';
import type { Coverage } from '../core/metrics/semantic';
import type { SemanticDistribution } from '../core/metrics/semantic-distributions';
import { mean } from '../core/metrics/stats';
import type { SystemInfo } from '../core/model/types';
import { KIND_LABELS, systemStyle, type SystemStyle } from './palette';
import type { AxisDef, BarSpec, BoxSpec, HeatmapSpec, MarkStyle, RowDef, ScatterSpec, SeriesDef, StackedSpec } from './chart/spec';

const mark = (s: SystemStyle): MarkStyle => ({ color: s.color, shape: s.shape, fill: s.fill, pattern: s.pattern });
const plain = (color: string, pattern: MarkStyle['pattern'] = 'none'): MarkStyle => ({ color, shape: 'square', fill: 'solid', pattern });

/** Group heading of a system's row: its kind, and for ICL systems the teacher (`ICL · teacher chat`). */
export function groupOf(s: SystemInfo): string {
  if (s.kind !== 'icl') return KIND_LABELS[s.kind];
  return s.teacher ? `In-context · teacher ${s.teacher}` : 'In-context · URIAL examples';
}

/** One chart row per system, in the given (palette-sorted) order. */
export const systemRows = (systems: readonly SystemInfo[]): RowDef[] =>
  systems.map((s) => ({ key: s.id, label: s.id, style: mark(systemStyle(s)), group: groupOf(s) }));

/** Legend entries explaining the system marks (kinds, ICL shades by teacher, hollow = per-prompt examples, hatch = hint). */
export function systemLegend(systems: readonly SystemInfo[]): SeriesDef[] {
  const out = new Map<string, SeriesDef>();
  for (const s of systems) {
    const st = systemStyle(s);
    const label = s.kind === 'icl' ? groupOf(s) : KIND_LABELS[s.kind];
    if (!out.has(label)) out.set(label, { key: label, label, style: { ...mark(st), fill: 'solid', pattern: 'none' } });
  }
  if (systems.some((s) => s.kind === 'icl' && s.selection && s.selection !== 'fixed')) {
    out.set('sel', { key: 'sel', label: 'hollow: examples chosen per prompt (kNN / random)', style: { ...mark(systemStyle({ kind: 'icl' })), fill: 'hollow' } });
  }
  if (systems.some((s) => s.hint !== undefined)) out.set('hint', { key: 'hint', label: 'hatched: summary hint', style: { ...mark(systemStyle({ kind: 'icl' })), pattern: 'hatch' } });
  return [...out.values()];
}

type NumKey = 'mean_words' | 'jaccard_all' | 'jaccard_nostop';

/** A per-prompt measure of the measurer's tables as a box plot per system (prompts without a value are left out). */
export function measureBoxSpec(
  id: string,
  title: string,
  x: AxisDef,
  systems: readonly SystemInfo[],
  tables: FindingsTables,
  key: NumKey,
  note: string,
): BoxSpec {
  const per = new Map(tables.perPrompt.map((p) => [p.system, p.perPrompt]));
  return {
    type: 'box',
    id,
    title,
    subtitle: 'One point per prompt; box = quartiles, line = median, marker = mean',
    note,
    legend: systemLegend(systems),
    pointLabel: 'prompt',
    x,
    rows: systemRows(systems),
    data: systems.map((s) => {
      const points = (per.get(s.id) ?? []).filter((m) => m[key] !== null).map((m) => ({ id: m.prompt, value: m[key]! }));
      return { row: s.id, points, stats: boxStats(points.map((p) => p.value)) };
    }),
  };
}

/** A per-prompt semantic figure as a box plot per system (systems without vectors have no values). */
export function semanticBoxSpec(
  id: string,
  title: string,
  x: AxisDef,
  systems: readonly SystemInfo[],
  dists: readonly SemanticDistribution[],
  key: 'withinCosine' | 'distinct',
  note: string,
): BoxSpec {
  const per = new Map(dists.map((d) => [d.system, d.perPrompt]));
  return {
    type: 'box',
    id,
    title,
    subtitle: 'One point per prompt; box = quartiles, line = median, marker = mean',
    note,
    legend: systemLegend(systems),
    pointLabel: 'prompt',
    x,
    rows: systemRows(systems),
    data: systems.map((s) => {
      const points = (per.get(s.id) ?? []).filter((m) => m[key] !== null).map((m) => ({ id: m.prompt, value: m[key]! }));
      return { row: s.id, points, stats: boxStats(points.map((p) => p.value)) };
    }),
  };
}

/** Mean of a per-prompt measure over prompts with a value (the overview's `jaccard_all` etc.). */
export const meanOver = (per: readonly PromptMeasures[], key: NumKey): number | null =>
  mean(per.map((m) => m[key]).filter((v): v is number => v !== null));

/**
 * Lexical (mean Jaccard) against semantic (mean within-prompt cosine) diversity: one point per system, or one per
 * prompt × system (`perPrompt`). Systems lacking either figure are left out.
 */
export function diversityScatterSpec(systems: readonly SystemInfo[], tables: FindingsTables, dists: readonly SemanticDistribution[], perPrompt: boolean): ScatterSpec {
  const lex = new Map(tables.perPrompt.map((p) => [p.system, p.perPrompt]));
  const sem = new Map(dists.map((d) => [d.system, d.perPrompt]));
  const points: ScatterSpec['points'] = [];
  for (const s of systems) {
    const l = lex.get(s.id) ?? [];
    const c = sem.get(s.id) ?? [];
    if (perPrompt) {
      const cos = new Map(c.map((p) => [p.prompt, p.withinCosine]));
      for (const m of l) {
        const y = cos.get(m.prompt);
        if (m.jaccard_all !== null && y != null) points.push({ id: `${s.id}#${m.prompt}`, series: s.id, x: m.jaccard_all, y, label: `${s.id} · prompt ${m.prompt}` });
      }
    } else {
      const x = meanOver(l, 'jaccard_all');
      const y = mean(c.map((p) => p.withinCosine).filter((v): v is number => v !== null));
      if (x !== null && y !== null) points.push({ id: s.id, series: s.id, x, y, label: s.id });
    }
  }
  return {
    type: 'scatter',
    id: perPrompt ? 'diversity-scatter-prompts' : 'diversity-scatter',
    title: 'Lexical vs semantic diversity',
    subtitle: perPrompt ? 'One point per prompt × system' : 'One point per system (means over prompts)',
    note: 'Higher = less diverse on both axes. Points off the diagonal trend are systems whose wording and meaning diversity decouple.',
    legend: systemLegend(systems),
    x: { label: 'Mean pairwise Jaccard', digits: 3 },
    y: { label: 'Mean within-prompt cosine', digits: 3 },
    series: systems.map((s) => ({ key: s.id, label: s.id, style: mark(systemStyle(s)) })),
    points,
    showLabels: !perPrompt && points.length <= 20,
  };
}

const FORMAT_SERIES: SeriesDef[] = [
  { key: 'frac_numbered_list', label: 'numbered list', style: plain('#0072B2') },
  { key: 'frac_bullet_list', label: 'bullet list', style: plain('#56B4E9') },
  { key: 'frac_abstain', label: 'abstains', style: plain('#D55E00', 'hatch') },
];

/** Share of a system's valid responses that are numbered lists, bullet lists, abstentions (METRICS.md, over responses). */
export function formatRate(per: readonly PromptMeasures[], key: 'frac_numbered_list' | 'frac_bullet_list' | 'frac_abstain'): number | null {
  let hits = 0;
  let n = 0;
  for (const m of per) {
    if (m[key] === null) continue;
    hits += Math.round(m[key] * m.n_valid);
    n += m.n_valid;
  }
  return n ? hits / n : null;
}

/** Format and refusal rates per system (grouped bars). */
export function formatSpec(systems: readonly SystemInfo[], tables: FindingsTables): BarSpec {
  const per = new Map(tables.perPrompt.map((p) => [p.system, p.perPrompt]));
  return {
    type: 'bar',
    id: 'format-rates',
    title: 'Format and refusal rates',
    subtitle: 'Share of valid responses',
    note: 'Numbered list: ≥ 2 lines "1. ", "2. "…; bullet list: ≥ 2 lines starting "- "; abstains: the paper\'s refusal phrases (METRICS.md).',
    legend: FORMAT_SERIES,
    rows: systemRows(systems),
    series: FORMAT_SERIES,
    x: { label: 'Share of responses', digits: 3, percent: true },
    data: systems.flatMap((s) => FORMAT_SERIES.map((f) => ({ row: s.id, series: f.key, value: formatRate(per.get(s.id) ?? [], f.key as 'frac_abstain') }))),
  };
}

const ASPECT_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9'];

/** Quality by aspect per system (just-eval judge, 1–5), for systems with a judge folder of their own. */
export function qualitySpec(systems: readonly SystemInfo[], tables: FindingsTables): BarSpec {
  const q = new Map(tables.quality.map((r) => [r.system, r]));
  const judged = systems.filter((s) => q.has(s.id));
  const series = QUALITY_ASPECTS.map((a, i) => ({ key: a, label: a, style: plain(ASPECT_COLORS[i]!) }));
  return {
    type: 'bar',
    id: 'quality-aspects',
    title: 'Quality by aspect (LLM judge)',
    subtitle: 'Mean 1–5 score over all judged responses',
    note: 'eval-quality judge folders named after a system; systems without one are not shown.',
    legend: series,
    rows: systemRows(judged),
    series,
    x: { label: 'Mean score', unit: '1–5', digits: 2, domain: [0, 5] },
    data: judged.flatMap((s) => QUALITY_ASPECTS.map((a) => ({ row: s.id, series: a, value: q.get(s.id)!.aspects[a] }))),
  };
}

const SIM_SERIES: SeriesDef[] = [{ key: 'sim', label: 'similarity', style: plain('#009E73') }];

/**
 * RQ2 from embeddings: for each teacher, its self-similarity (its other samples against its sample 0) and each ICL
 * variant's similarity to that sample 0. A variant at its teacher's self-similarity is as close as the teacher itself.
 */
export function teacherEmbeddingSpec(systems: readonly SystemInfo[], dists: readonly SemanticDistribution[]): BarSpec {
  const shown = new Set(systems.map((s) => s.id as string));
  const info = new Map(systems.map((s) => [s.id as string, s]));
  const rows: RowDef[] = [];
  const data: BarSpec['data'] = [];
  const byTeacher = new Map<string, SemanticDistribution[]>();
  for (const d of dists) if (d.teacher && shown.has(d.system)) (byTeacher.get(d.teacher) ?? byTeacher.set(d.teacher, []).get(d.teacher)!).push(d);
  const avg = (xs: (number | null)[]) => mean(xs.filter((v): v is number => v !== null));
  for (const [teacher, students] of [...byTeacher].sort((a, b) => a[0].localeCompare(b[0]))) {
    const group = `Teacher ${teacher}`;
    const selfKey = `${teacher} (self)`;
    rows.push({ key: selfKey, label: `${teacher} (self)`, style: mark(systemStyle(info.get(teacher) ?? { kind: 'aligned' })), group });
    data.push({ row: selfKey, series: 'sim', value: avg(students[0]!.perPrompt.map((p) => p.teacherSelf)) });
    for (const d of students) {
      rows.push({ key: d.system, label: d.system, style: mark(systemStyle(info.get(d.system) ?? { kind: 'icl' })), group });
      data.push({ row: d.system, series: 'sim', value: avg(d.perPrompt.map((p) => p.toTeacher)) });
    }
  }
  return {
    type: 'bar',
    id: 'rq2-embeddings',
    marks: 'dot',
    title: 'Similarity to the teacher (embeddings)',
    subtitle: "Mean cosine to the teacher's sample 0; the (self) row is the teacher's own other samples",
    note: 'Paper RQ2: an ICL variant near its teacher\'s self-similarity imitates the teacher as closely as the teacher repeats itself.',
    legend: systemLegend(systems.filter((s) => rows.some((r) => r.key === s.id))),
    rows,
    series: SIM_SERIES,
    x: { label: 'Mean cosine', digits: 3 },
    data,
  };
}

/** RQ2 from the paper's BERTScore files: F1 of each system against a reference teacher, with the teacher's self row. */
export function teacherBertScoreSpec(systems: readonly SystemInfo[], rows: readonly BertScoreRow[]): BarSpec {
  const shown = new Set(systems.map((s) => s.id as string));
  const info = new Map(systems.map((s) => [s.id as string, s]));
  const picked = rows.filter((r) => shown.has(r.alt) || r.alt === r.ref);
  const refs = [...new Set(picked.map((r) => r.ref))].sort();
  const out: RowDef[] = [];
  const data: BarSpec['data'] = [];
  for (const ref of refs) {
    const group = `Reference ${ref}`;
    const mine = picked.filter((r) => r.ref === ref).sort((a, b) => (a.alt === ref ? -1 : b.alt === ref ? 1 : a.alt.localeCompare(b.alt)));
    for (const r of mine) {
      const key = r.pair;
      out.push({ key, label: r.alt === ref ? `${ref} (self)` : r.alt, style: mark(systemStyle(info.get(r.alt) ?? { kind: 'other' })), group });
      data.push({ row: key, series: 'sim', value: r.F1 });
    }
  }
  return {
    type: 'bar',
    id: 'rq2-bertscore',
    marks: 'dot',
    legend: systemLegend(systems.filter((s) => out.some((r) => r.label === s.id))),
    title: 'Similarity to the teacher (BERTScore F1)',
    subtitle: "The paper's BERTScore files: each system's samples against the reference's sample 0",
    note: 'Self rows drop text-vs-itself pairs (METRICS.md "BERTScore outputs").',
    rows: out,
    series: [{ key: 'sim', label: 'F1', style: plain('#009E73') }],
    x: { label: 'Mean BERTScore F1', digits: 4 },
    data,
  };
}

const STANCE_COLORS: Record<string, string> = { yes: '#56B4E9', no: '#E69F00', both: '#CC79A7', other: '#999999', unparsed: '#DDDDDD' };
const STANCE_SERIES: SeriesDef[] = [...STANCES, 'unparsed'].map((k) => ({ key: k, label: k, style: plain(STANCE_COLORS[k]!) }));

/** Share of each stance label among a system's judged samples (ConflictingQA). */
export function stanceLabelsSpec(systems: readonly SystemInfo[], tables: FindingsTables): StackedSpec {
  const st = new Map(tables.stance.map((s) => [s.system, s]));
  const judged = systems.filter((s) => st.has(s.id));
  return {
    type: 'stacked',
    id: 'stance-labels',
    title: 'Stance of each sample',
    subtitle: 'Share of judged samples per stance label',
    legend: STANCE_SERIES,
    rows: systemRows(judged),
    categories: STANCE_SERIES,
    x: { label: 'Share of samples', digits: 3, percent: true },
    normalize: true,
    data: judged.flatMap((s) => STANCE_SERIES.map((c) => ({ row: s.id, category: c.key, value: st.get(s.id)!.totals[c.key as 'yes'] }))),
  };
}

/** Labels and styles of the per-prompt stance patterns. */
export const PATTERN_SERIES: SeriesDef[] = STANCE_PATTERNS.map((p) => ({
  key: p,
  label: { one: 'one stance', disagree: 'samples disagree (yes & no)', both: 'a response argues both', 'disagree+both': 'disagree and argues both', none: 'unparsed' }[p],
  style: plain({ one: '#BBBBBB', disagree: '#E69F00', both: '#CC79A7', 'disagree+both': '#CC79A7', none: '#EEEEEE' }[p], p === 'disagree+both' ? 'hatch' : 'none'),
}));

/**
 * How each prompt's samples split, per system: share of prompts whose samples take one stance, disagree (yes and no:
 * distributional pluralism), or include a response arguing both sides (Overton pluralism).
 */
export function stancePatternSpec(systems: readonly SystemInfo[], tables: FindingsTables): StackedSpec {
  const st = new Map(tables.stance.map((s) => [s.system, s]));
  const judged = systems.filter((s) => st.has(s.id));
  return {
    type: 'stacked',
    id: 'stance-patterns',
    title: 'Distributional vs Overton pluralism',
    subtitle: "Share of prompts by how the prompt's samples split",
    note: 'Samples disagree = distributional pluralism (across samples); argues both = Overton pluralism (within a response).',
    legend: PATTERN_SERIES,
    rows: systemRows(judged),
    categories: PATTERN_SERIES,
    x: { label: 'Share of prompts', digits: 3, percent: true },
    normalize: true,
    data: judged.flatMap((s) =>
      STANCE_PATTERNS.map((p) => ({ row: s.id, category: p, value: st.get(s.id)!.perPrompt.filter((x) => x.pattern === p).length })),
    ),
  };
}

/** The prompts × systems matrix of stance patterns (systems as rows, prompts as columns). */
export function stanceMatrixSpec(systems: readonly SystemInfo[], tables: FindingsTables): HeatmapSpec {
  const st = new Map(tables.stance.map((s) => [s.system, s]));
  const judged = systems.filter((s) => st.has(s.id));
  const prompts = [...new Set(judged.flatMap((s) => st.get(s.id)!.perPrompt.map((p) => p.prompt)))].sort((a, b) => a - b);
  const detail = (c: Record<string, number>) => Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  return {
    type: 'heatmap',
    id: 'stance-matrix',
    title: 'Stance pattern per prompt',
    subtitle: 'Each cell: how one system\'s samples for one prompt split',
    legend: PATTERN_SERIES,
    rows: systemRows(judged),
    cols: prompts.map((p) => ({ key: String(p), label: String(p) })),
    colLabel: 'prompt',
    categories: PATTERN_SERIES,
    cells: judged.flatMap((s) => st.get(s.id)!.perPrompt.map((p) => ({ row: s.id, col: String(p.prompt), category: p.pattern as StancePattern, detail: detail(p.counts) }))),
  };
}

/** Dataset-wide sentence coverage of `base` by `aligned` vs by another base sample, per prompt (paper §5). */
export function coverageSpec(base: SystemInfo, aligned: SystemInfo, cov: Coverage, threshold: number): BoxSpec {
  const rows: RowDef[] = [
    { key: 'byAligned', label: `by ${aligned.id}`, style: mark(systemStyle(aligned)) },
    { key: 'byOtherBase', label: `by another ${base.id} sample`, style: mark(systemStyle(base)) },
  ];
  const data = rows.map((r) => {
    const points = cov.perPrompt.filter((p) => p[r.key as 'byAligned'] !== null).map((p) => ({ id: p.prompt, value: p[r.key as 'byAligned']! }));
    return { row: r.key, points, stats: boxStats(points.map((p) => p.value)) };
  });
  return {
    type: 'box',
    id: 'coverage',
    title: `Sentence coverage of ${base.id}`,
    subtitle: `Share of a base sample's sentences matched (cosine ≥ ${threshold}) — one point per prompt`,
    note: `Mean over prompts: by ${aligned.id} ${cov.byAligned?.toFixed(4) ?? '–'}, by another base sample ${cov.byOtherBase?.toFixed(4) ?? '–'}.`,
    pointLabel: 'prompt',
    inputs: { base: base.id, aligned: aligned.id, threshold },
    x: { label: 'Share of base sentences covered', digits: 3, percent: true, domain: [0, 1] },
    rows,
    data,
  };
}
