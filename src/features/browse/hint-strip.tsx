// The prompt's semantic hints: each teacher's 2–3 sentence summary of its first sample, as given to `*-summary` systems.

import type { SystemInfo } from '../../core/model/types';
import type { PromptHint } from '../../data/measurer-client';

/**
 * One plain-text card per teacher ("hint from llama-2-chat"), noting which shown systems received it in context
 * (ICL systems with `hint: 'summary'` imitating that teacher). Collapsible; open when a shown system uses a hint.
 */
export function HintStrip({ hints, shown }: { hints: readonly PromptHint[]; shown: readonly SystemInfo[] }) {
  if (!hints.length) return null;
  const usedBy = (source: string) => shown.filter((s) => s.hint === 'summary' && s.teacherSystem === source).map((s) => s.id);
  const anyUsed = hints.some((h) => usedBy(h.source).length > 0);
  return (
    <details className="hint-strip" open={anyUsed} aria-label="Semantic hints">
      <summary>
        Semantic hints for this prompt <span className="muted">({hints.map((h) => h.source).join(', ')})</span>
      </summary>
      <div className="hint-cards">
        {hints.map((h) => {
          const users = usedBy(h.source);
          return (
            <figure key={`${h.split}/${h.source}`} className="hint-card">
              <figcaption>
                hint from <b>{h.source}</b>
                <span className="muted">
                  {h.words !== null && ` · ${h.words} words`}
                  {users.length > 0 && ` · given to ${users.join(', ')}`}
                </span>
              </figcaption>
              <p>{h.text ?? '(the summary failed)'}</p>
            </figure>
          );
        })}
      </div>
    </details>
  );
}
