// The Findings system filter: a checkbox list grouped by kind (ICL by teacher) that writes the shared "systems shown" view state.

import type { SystemInfo } from '../../core/model/types';
import { systemStyle } from '../../figures/palette';
import { MarkSwatch } from '../../figures/system-mark';
import { SystemName } from '../../ui/system-name';
import { groupOf } from '../../figures/findings-specs';

/** Checkboxes for `systems` (palette order); `onChange` gets the new list in that order. */
export function SystemFilter({ systems, shown, onChange }: { systems: readonly SystemInfo[]; shown: readonly SystemInfo[]; onChange(next: string[]): void }) {
  const on = new Set(shown.map((s) => s.id as string));
  const groups = [...new Set(systems.map(groupOf))];
  const set = (ids: Set<string>) => onChange(systems.filter((s) => ids.has(s.id)).map((s) => s.id));
  return (
    <details className="findings-filter">
      <summary>
        Systems ({shown.length} of {systems.length})
      </summary>
      <div className="findings-filter-body" role="group" aria-label="Systems shown">
        <div className="findings-filter-actions">
          <button type="button" className="link" onClick={() => set(new Set(systems.map((s) => s.id)))}>
            All
          </button>
          <button type="button" className="link" onClick={() => set(new Set())}>
            None
          </button>
        </div>
        {groups.map((g) => (
          <fieldset key={g}>
            <legend>{g}</legend>
            {systems
              .filter((s) => groupOf(s) === g)
              .map((s) => (
                <label key={s.id} className="system-option">
                  <input
                    type="checkbox"
                    checked={on.has(s.id)}
                    onChange={(e) => {
                      const next = new Set(on);
                      if (e.target.checked) next.add(s.id);
                      else next.delete(s.id);
                      set(next);
                    }}
                  />
                  <MarkSwatch {...systemStyle(s)} />
                  <SystemName name={s.id} />
                </label>
              ))}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
