// Legend of the system palette: one marker per kind (shape and colour), and the ICL variant shades and fills.

import { ICL_TEACHER_SHADES, KIND_COLORS, KIND_LABELS, KIND_ORDER, KIND_SHAPES } from '../figures/palette';
import { MarkSwatch } from '../figures/system-mark';

/** A compact inline legend: kinds by colour and shape; hover/title explains the ICL shades and fills. */
export function KindLegend() {
  return (
    <ul className="kind-legend" aria-label="System kinds">
      {KIND_ORDER.map((k) => (
        <li
          key={k}
          title={
            k === 'icl'
              ? 'Shade by teacher: mid = URIAL examples, dark = the chat model, light = gpt-3.5. Hollow = examples chosen per prompt (kNN, random); hatched = summary hint.'
              : undefined
          }
        >
          {k === 'icl' ? (
            <>
              <MarkSwatch shape={KIND_SHAPES.icl} color={ICL_TEACHER_SHADES.own} fill="solid" />
              <MarkSwatch shape={KIND_SHAPES.icl} color={ICL_TEACHER_SHADES.chat} fill="solid" />
              <MarkSwatch shape={KIND_SHAPES.icl} color={ICL_TEACHER_SHADES.api} fill="hollow" />
            </>
          ) : (
            <MarkSwatch shape={KIND_SHAPES[k]} color={KIND_COLORS[k]} fill="solid" />
          )}
          {KIND_LABELS[k]}
        </li>
      ))}
    </ul>
  );
}
