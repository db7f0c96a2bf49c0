// Per-system kind (base / aligned / in-context / other) and teacher, set by the user and saved with the dataset.

import { useState } from 'react';
import type { SystemKind } from '../../core/model/types';
import type { SystemOverride } from '../../core/model/system';
import type { DatasetMeta } from '../../data/workspace';
import { useSetSystemOverrides } from '../../data/workspace-actions';
import { KIND_COLORS, KIND_LABELS, KIND_ORDER } from '../../figures/palette';

/**
 * The editor for one dataset: a row per system with its kind and, for in-context systems, the aligned system it
 * imitates. Starts from what is in effect (handle + saved overrides); Save stores only what differs from the handle.
 */
export function SystemKinds({ meta, onClose }: { meta: DatasetMeta; onClose(): void }) {
  const imported = meta.systemsAsImported ?? meta.systems;
  const [draft, setDraft] = useState(() =>
    Object.fromEntries(meta.systems.map((s) => [s.id as string, { kind: s.kind, teacher: s.teacherSystem ?? '' }])),
  );
  const save = useSetSystemOverrides();
  const set = (id: string, patch: Partial<{ kind: SystemKind; teacher: string }>) => setDraft((d) => ({ ...d, [id]: { ...d[id]!, ...patch } }));
  const candidates = meta.systems.filter((s) => draft[s.id]?.kind === 'aligned');

  const overrides = (): Record<string, SystemOverride> => {
    const out: Record<string, SystemOverride> = {};
    for (const s of imported) {
      const d = draft[s.id]!;
      const o: SystemOverride = {};
      if (d.kind !== s.kind) o.kind = d.kind;
      const teacher = d.kind === 'icl' ? d.teacher || null : null;
      if (d.kind === 'icl' && teacher !== (s.teacherSystem ?? null)) o.teacher = teacher;
      if (Object.keys(o).length) out[s.id] = o;
    }
    return out;
  };

  return (
    <form
      className="system-kinds"
      aria-label={`Systems of ${meta.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ key: meta.key, overrides: overrides() }, { onSuccess: onClose });
      }}
    >
      <p className="muted small">
        What each system is decides its colour, its group in every table and which system an in-context one is compared
        with. Names in the paper&apos;s style are read automatically; set the rest here.
      </p>
      <table className="dataset-table">
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Kind</th>
            <th scope="col">Teacher (in-context only)</th>
          </tr>
        </thead>
        <tbody>
          {imported.map((s) => {
            const d = draft[s.id]!;
            return (
              <tr key={s.id} aria-label={s.id}>
                <td>
                  <span className="swatch" style={{ background: KIND_COLORS[d.kind] }} aria-hidden="true" /> {s.id}
                </td>
                <td>
                  <select aria-label={`Kind of ${s.id}`} value={d.kind} onChange={(e) => set(s.id, { kind: e.target.value as SystemKind })}>
                    {KIND_ORDER.map((k) => (
                      <option key={k} value={k}>
                        {KIND_LABELS[k]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Teacher of ${s.id}`}
                    value={d.teacher}
                    disabled={d.kind !== 'icl'}
                    onChange={(e) => set(s.id, { teacher: e.target.value })}
                  >
                    <option value="">none</option>
                    {candidates
                      .filter((c) => c.id !== s.id)
                      .map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.id}
                        </option>
                      ))}
                    {d.teacher && !candidates.some((c) => c.id === d.teacher) && <option value={d.teacher}>{d.teacher}</option>}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {save.error && (
        <p role="alert" className="error-text">
          {save.error.message}
        </p>
      )}
      <div className="system-kinds-actions">
        <button type="submit" disabled={save.isPending}>
          Save kinds
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
