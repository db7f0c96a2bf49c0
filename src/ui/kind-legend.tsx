// Legend of the system-kind palette.

import { KIND_COLORS, KIND_LABELS, KIND_ORDER } from './palette';

/** A compact inline legend: one swatch per system kind. */
export function KindLegend() {
  return (
    <ul className="kind-legend" aria-label="System kinds">
      {KIND_ORDER.map((k) => (
        <li key={k}>
          <span className="swatch" style={{ background: KIND_COLORS[k] }} aria-hidden="true" />
          {KIND_LABELS[k]}
        </li>
      ))}
    </ul>
  );
}
