// Cluster labels: each cluster's most distinctive words by class-based TF-IDF (c-TF-IDF, as in BERTopic) over the
// cluster's texts against all clusters, with the project's lexical tokenizer and NLTK stop words.

import { regexTokens } from '../metrics/tokenize';
import { STOP_WORD_SET } from '../metrics/stop-words';

/** One distinctive word of a cluster. */
export interface ClusterWord {
  word: string;
  /** c-TF-IDF weight (unitless, higher = more distinctive). */
  score: number;
  /** Occurrences of the word in the cluster's texts. */
  count: number;
}

/** Options of {@link clusterKeywords}. */
export interface KeywordOptions {
  /** Words per cluster (default 5). */
  top?: number;
  /** Ignore words seen in fewer than this many texts in all (default 2 from 20 texts up, else 1), so one text's typo is no label. */
  minDocs?: number;
}

/** A token counts as a word for labels: not a stop word, at least 2 characters, not only digits. */
function isLabelWord(w: string): boolean {
  return w.length >= 2 && !STOP_WORD_SET.has(w) && !/^[0-9']+$/.test(w);
}

/**
 * The most distinctive words of each cluster. `texts[i]` is row i's text and `labels[i]` its cluster (0..count-1; rows
 * with label < 0 are ignored). Tokens are `regexTokens` (METRICS.md) minus stop words. For word t and cluster c:
 * `tf(t,c) = count(t in c) / tokens(c)` and `idf(t) = ln(1 + A / f(t))`, A = mean tokens per cluster, f(t) = count of t
 * in all clusters; score = tf × idf. Returns one list per cluster (index = label), best first, ties by word.
 */
export function clusterKeywords(texts: readonly string[], labels: Int32Array, opts: KeywordOptions = {}): ClusterWord[][] {
  if (texts.length !== labels.length) throw new Error(`clusterKeywords: ${texts.length} texts but ${labels.length} labels`);
  const top = opts.top ?? 5;
  const minDocs = opts.minDocs ?? (texts.length >= 20 ? 2 : 1);
  let count = 0;
  for (const l of labels) count = Math.max(count, l + 1);
  const perCluster: Map<string, number>[] = Array.from({ length: count }, () => new Map());
  const tokens = new Float64Array(count);
  const total = new Map<string, number>();
  const docs = new Map<string, number>();
  texts.forEach((text, i) => {
    const c = labels[i]!;
    if (c < 0) return;
    const seen = new Set<string>();
    for (const w of regexTokens(text)) {
      if (!isLabelWord(w)) continue;
      const m = perCluster[c]!;
      m.set(w, (m.get(w) ?? 0) + 1);
      total.set(w, (total.get(w) ?? 0) + 1);
      tokens[c] = tokens[c]! + 1;
      seen.add(w);
    }
    for (const w of seen) docs.set(w, (docs.get(w) ?? 0) + 1);
  });
  const avg = tokens.reduce((s, x) => s + x, 0) / Math.max(1, count);
  return perCluster.map((m, c) => {
    const words: ClusterWord[] = [];
    for (const [word, n] of m) {
      if ((docs.get(word) ?? 0) < minDocs) continue;
      words.push({ word, count: n, score: (n / tokens[c]!) * Math.log(1 + avg / total.get(word)!) });
    }
    words.sort((a, b) => b.score - a.score || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    return words.slice(0, top);
  });
}
