// The linked selection as a list: its prompts (each opens in Browse) and its samples with a one-line excerpt (text, never HTML).

import { parseSampleKey } from '../../core/model/sample-ref';
import type { LinkedSelection } from '../../state/linked-selection-store';

const MAX_SAMPLES = 200;

/** Prompts and samples of a linked selection; `onOpen(prompt)` opens that prompt in Browse. */
export function SelectionList({ linked, text, onOpen }: { linked: LinkedSelection; text(key: string): string; onOpen(prompt: number): void }) {
  const keys = [...linked.keys];
  return (
    <div className="map-selection" aria-label="Selected samples">
      <h3>
        {linked.prompts.length} prompt{linked.prompts.length === 1 ? '' : 's'}
      </h3>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 160, overflow: 'auto' }}>
        {linked.prompts.slice(0, MAX_SAMPLES).map((p) => (
          <li key={p}>
            <button type="button" className="link" onClick={() => onOpen(p)}>
              Open prompt {p} in Browse
            </button>
          </li>
        ))}
      </ul>
      <h3>
        {keys.length} sample{keys.length === 1 ? '' : 's'}
        {keys.length > MAX_SAMPLES && ` (first ${MAX_SAMPLES})`}
      </h3>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {keys.slice(0, MAX_SAMPLES).map((k) => {
          const r = parseSampleKey(k);
          return (
            <li key={k}>
              <span>
                {r ? `${r.system} · prompt ${r.prompt} · #${r.index + 1}` : k}
              </span>
              <span className="excerpt">{text(k).slice(0, 160)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
