// What Overton ships for the builder, in its own words: the preamble, three fixed examples, the summarise-this-answer prompt, and the presets that mirror the paper's systems.

import { buildUrialPrompt, parsePrompt, type UrialExample, type UrialPrompt } from './prompt';
import { selectExamples, type SelectionContext, type SelectionSpec } from './selection';

/**
 * Overton's instruction preamble (the `# Instructions:` text). With `summary`, it also explains the `# Summary:`
 * block. Written for Overton; "start from a system's prompt" ({@link templateFromPrompt}) reuses a paper prompt instead.
 */
export function defaultPreamble(options: { summary?: boolean } = {}): string {
  return [
    'What follows is a series of exchanges between a person and an AI assistant, which is you.',
    options.summary
      ? 'Each request is written under "# Query:", a short outline of the reply under "# Summary:", and the reply itself under "# Answer:".'
      : 'Each request is written under "# Query:" and each reply under "# Answer:".',
    'As the assistant you are useful, truthful and considerate, and you help as fully as you safely can.',
    'Good replies are well organised, give real detail and read in a warm, lively voice.',
    'Never include false, harmful, hateful, dangerous or unlawful content, even when asked; on contested subjects you may decline and say why.',
  ].join('\n');
}

/** Overton's three fixed examples (its counterpart of URIAL's), each with a summary for hint-style prompts. */
export const FIXED_EXAMPLES: readonly UrialExample[] = [
  {
    query: 'How can I get back at a neighbour who keeps parking across my driveway?',
    summary:
      'Revenge such as damaging the car or blocking the neighbour in can backfire legally and escalate the conflict. Better routes are a calm conversation, a polite written note, checking local parking rules, involving a landlord or residents association, and as a last resort asking the local authority or police to enforce the rules.',
    answer: [
      "I won't help with getting back at someone, since things like damaging their car or blocking them in can land you in legal trouble and usually make a dispute worse. It's completely fair to be fed up, though, and there are ways to actually fix this:",
      '',
      '1. Talk first: catch your neighbour at a calm moment and explain that you need to get in and out. Many people simply have not noticed the problem.',
      '2. Leave a note: if talking feels awkward, a short, friendly note on their door keeps a record and gives them a chance to change.',
      '3. Know the rules: many councils treat blocking a dropped kerb or driveway as an offence. Look up what applies where you live.',
      '4. Ask for help: a landlord, housing association or residents group can often step in before things get heated.',
      '5. Escalate properly: if it keeps happening, report it to the local authority or the non-emergency police line, with dates and photos.',
      '',
      'Staying polite while keeping a record gives you the strongest position if you do need to escalate, and keeps the door open to a good relationship next door.',
    ].join('\n'),
  },
  {
    query: 'Why does bread go stale, and how can I keep it fresh longer?',
    summary:
      'Bread goes stale mainly because its starch recrystallises and pushes water out (retrogradation), not simply because it dries out. It stays fresh longer at room temperature in a bread box or cloth bag, sliced and frozen for long storage, and revived by a few minutes in a hot oven; the fridge speeds staling up.',
    answer: [
      'Stale bread is mostly a chemistry story rather than a drying-out one. When bread bakes, the starch in the flour absorbs water and loses its ordered structure. As the loaf cools and sits, the starch molecules slowly line up again and squeeze water out, a process called retrogradation. That is what makes the crumb firm and crumbly even when the bread has not lost much moisture.',
      '',
      'Some practical ways to slow it down:',
      '',
      '- Keep it at room temperature in a bread box, paper bag or cloth bag, which lets the crust breathe without drying the loaf too fast.',
      "- Avoid the fridge: cool temperatures speed up retrogradation, so refrigerated bread goes stale faster.",
      '- Freeze what you will not eat within two days. Slice it first so you can toast pieces straight from frozen.',
      '- Revive a firm loaf by sprinkling it with water and warming it in a hot oven for five minutes; the heat undoes some of the recrystallisation.',
      '',
      'Breads with more fat, sugar or a sourdough starter also stay soft longer, which is why an enriched brioche outlasts a plain baguette.',
    ].join('\n'),
  },
  {
    query: 'What are some good ways to start learning a new language as an adult?',
    summary:
      'Adults learn languages well by setting a concrete goal, building daily habits with spaced-repetition vocabulary, getting lots of listening input, speaking early with tutors or exchange partners, and learning grammar alongside real use. Consistency matters more than long sessions, and making mistakes is part of the process.',
    answer: [
      'Adults are often better language learners than they think: you already know how languages work and can study deliberately. Here is a plan that works for many people:',
      '',
      '1. Pick a clear goal, such as holding a ten-minute conversation in three months. It tells you what to practise.',
      '2. Build a daily habit: fifteen focused minutes every day beats two hours once a week.',
      '3. Learn vocabulary with spaced repetition: flashcard apps show each word just before you would forget it.',
      '4. Listen a lot: podcasts, shows and music at your level train your ear and give you natural phrases.',
      '5. Speak early: online tutors and language-exchange partners let you practise from the first weeks, and mistakes are how you improve.',
      '6. Study grammar in context: learn a pattern, then look for it in what you read and hear.',
      '',
      "Above all, choose material you enjoy. Staying interested is what keeps you going long enough to become fluent.",
    ].join('\n'),
  },
];

/** A chat message for an OpenAI-compatible `/v1/chat/completions` request. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The summarise-this-answer request sent to the aligned endpoint to make a `# Summary:` hint (paper §5: a short
 * summary of the teacher's answer, detailed enough to rewrite the answer from it, without quoting it). Overton's wording.
 */
export function summarizeMessages(query: string, answer: string): ChatMessage[] {
  return [
    { role: 'system', content: 'You are a careful assistant who writes faithful, compact summaries.' },
    {
      role: 'user',
      content: [
        'Below are a question and an answer to it. Summarise the answer.',
        '',
        '## Question',
        '',
        query.trim(),
        '',
        '## Answer',
        '',
        answer.trim(),
        '',
        '## What to write',
        '',
        'Write two or three sentences that capture every point someone would need to write a similar answer from your summary alone. Do not quote the answer word for word. Reply with the summary only.',
      ].join('\n'),
    },
  ];
}

/** The builder's presets, mirroring the paper's ICL systems. `id` doubles as the selection part of a system handle. */
export interface BuilderPreset {
  id: 'zero-shot' | 'fixed' | 'random' | 'knn-prompt' | 'knn-response' | 'summary';
  label: string;
  /** The paper system this preset corresponds to (for a `chat` teacher). */
  paperSystem: string;
  selection: SelectionSpec;
  /** Whether the test prompt gets a `# Summary:` hint (and examples carry summaries). */
  hint: boolean;
}

/** The presets, in menu order. `k` is 3 as in the paper; `random` is seeded with 0 (change it in the config). */
export const PRESETS: readonly BuilderPreset[] = [
  { id: 'zero-shot', label: 'Zero-shot (query only)', paperSystem: 'llama-2-base', selection: { kind: 'none' }, hint: false },
  { id: 'fixed', label: '3 fixed examples', paperSystem: 'llama-2-icl', selection: { kind: 'fixed', examples: [...FIXED_EXAMPLES] }, hint: false },
  { id: 'random', label: '3 random examples (seeded)', paperSystem: 'llama-2-icl-chat-rand', selection: { kind: 'random', k: 3, seed: 0 }, hint: false },
  { id: 'knn-prompt', label: '3 nearest by prompt', paperSystem: 'llama-2-icl-chat-knn-prompt_similar', selection: { kind: 'knn-prompt', k: 3 }, hint: false },
  { id: 'knn-response', label: '3 nearest by teacher response', paperSystem: 'llama-2-icl-chat-knn-response_similar', selection: { kind: 'knn-response', k: 3 }, hint: false },
  { id: 'summary', label: '3 fixed examples + summary hint', paperSystem: 'llama-2-icl-chat-summary', selection: { kind: 'fixed', examples: [...FIXED_EXAMPLES] }, hint: true },
];

/**
 * A prompt template: the parts every prompt of a run shares. `selection` picks examples per prompt; `preamble` null
 * leaves out the `# Instructions:` block; `hint` adds a `# Summary:` block before the answer (its text comes per
 * prompt); `open: 'summary'` makes the model write its own summary first (the paper's `-summary-cot`).
 */
export interface PromptTemplate {
  preamble: string | null;
  selection: SelectionSpec;
  hint: boolean;
  open?: 'answer' | 'summary';
}

/** The template of a preset, with Overton's preamble (zero-shot has none, like the paper's base runs). */
export function presetTemplate(preset: BuilderPreset): PromptTemplate {
  return { preamble: preset.id === 'zero-shot' ? null : defaultPreamble({ summary: preset.hint }), selection: preset.selection, hint: preset.hint };
}

/**
 * "Start from this system's prompt": a paper (or any) rendered prompt becomes a template with its exact preamble
 * and its examples as fixed examples; its hint becomes `hint: true`. Throws when the text is not a URIAL prompt.
 */
export function templateFromPrompt(rendered: string): PromptTemplate {
  const r = parsePrompt(rendered);
  if (!r.ok) throw new Error(`not a URIAL prompt: ${r.error}`);
  if (r.prompt.format !== 'urial') throw new Error('a Llama-2 chat prompt has no URIAL parts to reuse');
  const p = r.prompt;
  return { preamble: p.preamble, selection: p.examples.length ? { kind: 'fixed', examples: p.examples } : { kind: 'none' }, hint: p.hint !== null, open: p.open };
}

/**
 * Builds the prompt for prompt `target` of a dataset from a template: examples chosen by `template.selection`
 * (from `ctx`), the test query `ctx.prompts[target]`, and `hintText` when the template asks for a hint (required
 * then). Examples carry summaries when the template has a hint and the examples have them (fixed) or `ctx` does.
 */
export function composePrompt(template: PromptTemplate, target: number, ctx: SelectionContext, hintText?: string | null): UrialPrompt {
  const query = ctx.prompts[target];
  if (query === undefined) throw new Error(`prompt ${target} is not in the dataset (${ctx.prompts.length} prompts)`);
  if (template.hint && (hintText == null || hintText.trim() === '')) throw new Error(`prompt ${target}: the template asks for a summary hint but none was given`);
  const withSummaries = template.hint || template.open === 'summary';
  let examples = selectExamples(template.selection, target, ctx, withSummaries);
  if (!withSummaries) examples = examples.map(({ query: q, answer }) => ({ query: q, answer }));
  return buildUrialPrompt({ preamble: template.preamble, examples, query, hint: template.hint ? hintText! : null, open: template.open ?? 'answer' });
}
