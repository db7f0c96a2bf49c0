// The decoding-split chooser shared by every view that shows one split, with the same labels everywhere.

/** Label of a split: the paper's two get their decoding named; other folders show as they are. */
export function splitLabel(split: string): string {
  if (split === 'outputs') return 'outputs (sampled)';
  if (split === 'outputs-temp0') return 'outputs-temp0 (greedy)';
  return split;
}

/** A labelled `<select>` of `splits`; `onChange` gets the chosen folder name (e.g. `outputs-temp0`). */
export function SplitSelect({ splits, value, onChange }: { splits: readonly string[]; value: string; onChange(split: string): void }) {
  return (
    <label>
      Split{' '}
      <select aria-label="Split" value={value} onChange={(e) => onChange(e.target.value)}>
        {splits.map((s) => (
          <option key={s} value={s}>
            {splitLabel(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
