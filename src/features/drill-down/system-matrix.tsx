// System × system mean cosine of one prompt as a table; the diagonal is each system's self-similarity (within-prompt cosine).

import { SEQUENTIAL_COLORS } from '../../figures/palette';

/** `matrix` is systems.length² row-major; NaN (fewer than 2 samples) shows as "–". */
export function SystemMatrix({ systems, matrix }: { systems: readonly string[]; matrix: Float32Array }) {
  const s = systems.length;
  const finite = [...matrix].filter(Number.isFinite);
  const lo = Math.min(...finite, 1);
  const bg = (v: number) => SEQUENTIAL_COLORS[Math.min(SEQUENTIAL_COLORS.length - 1, Math.floor(((v - lo) / Math.max(1e-9, 1 - lo)) * SEQUENTIAL_COLORS.length))]!;
  return (
    <table className="system-matrix" aria-label="System by system mean similarity">
      <thead>
        <tr>
          <th />
          {systems.map((x) => (
            <th key={x} scope="col" title={x}>
              <span>{x}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {systems.map((a, i) => (
          <tr key={a}>
            <th scope="row">{a}</th>
            {systems.map((b, j) => {
              const v = matrix[i * s + j]!;
              const dark = Number.isFinite(v) && (v - lo) / Math.max(1e-9, 1 - lo) < 0.55;
              return (
                <td
                  key={b}
                  data-row={a}
                  data-col={b}
                  className={i === j ? 'diag' : undefined}
                  style={Number.isFinite(v) ? { background: bg(v), color: dark ? '#fff' : '#000' } : undefined}
                  title={`${a} × ${b}${i === j ? ' (self-similarity)' : ''}`}
                >
                  {Number.isFinite(v) ? v.toFixed(3) : '–'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
