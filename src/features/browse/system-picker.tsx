// Chooser of the systems shown as columns, grouped and coloured by kind.

import type { SystemInfo } from '../../core/model/types';
import { KIND_COLORS, KIND_LABELS, KIND_ORDER, sortSystemsByKind, systemStyle } from '../../figures/palette';
import { MarkSwatch } from '../../figures/system-mark';
import { SystemName } from '../../ui/system-name';

/** Checkbox list of systems by kind; `chosen` keeps its order, newly ticked systems go last. */
export function SystemPicker({
  systems,
  chosen,
  onChange,
}: {
  systems: readonly SystemInfo[];
  chosen: readonly string[];
  onChange(next: string[]): void;
}) {
  return (
    <details className="system-picker">
      <summary>
        Systems ({chosen.length} of {systems.length})
      </summary>
      <div className="system-picker-body" role="group" aria-label="Systems shown">
        {KIND_ORDER.map((kind) => {
          const group = sortSystemsByKind(systems.filter((s) => s.kind === kind));
          if (!group.length) return null;
          return (
            <fieldset key={kind}>
              <legend style={{ color: KIND_COLORS[kind] }}>{KIND_LABELS[kind]}</legend>
              {group.map((s) => (
                <label key={s.id} className="system-option">
                  <input
                    type="checkbox"
                    checked={chosen.includes(s.id)}
                    onChange={(e) =>
                      onChange(e.target.checked ? [...chosen, s.id] : chosen.filter((c) => c !== s.id))
                    }
                  />
                  <MarkSwatch {...systemStyle(s)} />
                  <SystemName name={s.id} />
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
    </details>
  );
}
