// A system handle as HTML text that wraps only at `-` / `_` boundaries (never mid-word), for headers and legends.

import { Fragment } from 'react';
import { nameBreaks } from '../figures/palette';

/**
 * Renders `name` with a line-break opportunity (`<wbr>`) after every `-` and `_`, and `white-space: nowrap` pieces
 * so narrow columns break between parts of the handle, not inside one. Copying the text gives the handle unchanged.
 */
export function SystemName({ name, className }: { name: string; className?: string }) {
  const pieces = nameBreaks(name);
  return (
    <span className={className ? `system-name ${className}` : 'system-name'}>
      {pieces.map((p, i) => (
        <Fragment key={i}>
          <span className="system-name-piece">{p}</span>
          {i < pieces.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
