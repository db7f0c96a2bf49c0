// The dataset's prompt list: search, ↑/↓/Enter keyboard navigation, virtualised so hundreds of prompts stay smooth.

import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { DatasetMeta } from '../../data/workspace';
import { useShownPrompt, useViewActions } from '../../state/view-store';

const ROW_HEIGHT = 52;

/** Prompt list of one dataset; selecting a prompt sets the URL's `prompt`. */
export function PromptList({ dataset }: { dataset: DatasetMeta }) {
  const selected = useShownPrompt(dataset.prompts[0]?.index);
  const { promptSelected } = useViewActions();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const shown = useMemo(() => {
    const q = deferred.trim().toLowerCase();
    return q ? dataset.prompts.filter((p) => p.text.toLowerCase().includes(q) || String(p.index) === q) : dataset.prompts;
  }, [dataset.prompts, deferred]);
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  // Keep the highlighted row on the selected prompt when the selection comes from elsewhere (URL, other views).
  useEffect(() => {
    const at = shown.findIndex((p) => p.index === selected);
    if (at >= 0) {
      setActive(at);
      virtualizer.scrollToIndex(at, { align: 'auto' });
    }
  }, [selected, shown, virtualizer]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(shown.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'Home' && e.target === scrollRef.current) move(0);
    else if (e.key === 'End' && e.target === scrollRef.current) move(shown.length - 1);
    else if (e.key === 'Enter') {
      const p = shown[active];
      if (p) promptSelected(p.index);
    } else return;
    e.preventDefault();
  };
  const optionId = (i: number) => `prompt-option-${shown[i]?.index ?? 'none'}`;

  return (
    <div className="prompt-list">
      <div className="prompt-search">
        <input
          type="search"
          aria-label="Search prompts"
          placeholder="Search prompts…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          aria-controls="prompt-listbox"
          aria-activedescendant={shown.length ? optionId(active) : undefined}
        />
        <span className="prompt-count" aria-live="polite">
          {shown.length === dataset.prompts.length
            ? `${dataset.prompts.length} prompts`
            : `${shown.length} of ${dataset.prompts.length} prompts`}
        </span>
      </div>
      <div
        ref={scrollRef}
        id="prompt-listbox"
        className="prompt-scroll"
        role="listbox"
        aria-label="Prompt list"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={shown.length ? optionId(active) : undefined}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const p = shown[row.index]!;
            return (
              <div
                key={p.index}
                id={optionId(row.index)}
                role="option"
                aria-selected={p.index === selected}
                className={`prompt-row${row.index === active ? ' active' : ''}`}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  setActive(row.index);
                  promptSelected(p.index);
                }}
                title={p.text}
              >
                <span className="prompt-index">{p.index}</span>
                <span className="prompt-text">{p.text}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
