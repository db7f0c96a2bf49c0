// The prompt's clusters (no k: cosine threshold) with their most distinctive words and how many samples of each system fall in each.

import type { PromptMap } from '../../data/map-queries';

/** One row per cluster, largest first; `onPick(cluster)` selects its samples (linked selection). */
export function ClusterTable({ map, onPick }: { map: PromptMap; onPick(cluster: number): void }) {
  const k = map.clusterWords.length;
  const s = map.systems.length;
  const counts = new Int32Array(k * s);
  const code = map.rows.systems.map((x) => map.systems.indexOf(x));
  for (let i = 0; i < map.rows.n; i++) {
    const l = map.labels[i]!;
    const c = code[map.rows.system[i]!]!;
    if (l >= 0 && c >= 0) counts[l * s + c]!++;
  }
  const size = (l: number) => counts.subarray(l * s, (l + 1) * s).reduce((a, b) => a + b, 0);
  const order = Array.from({ length: k }, (_, l) => l).sort((a, b) => size(b) - size(a) || a - b);
  return (
    <div className="cluster-table">
      <h3>Clusters ({k})</h3>
      <ul>
        {order.map((l) => (
          <li key={l}>
            <button type="button" className="link" onClick={() => onPick(l)} aria-label={`Select cluster ${l + 1}`}>
              {l + 1}
            </button>{' '}
            <strong>{map.clusterWords[l]!.join(', ') || '—'}</strong> <span className="muted">({size(l)})</span>
            <div className="muted small">
              {map.systems
                .map((x, c) => [x, counts[l * s + c]!] as const)
                .filter(([, n]) => n > 0)
                .map(([x, n]) => `${x} ${n}`)
                .join(' · ')}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
