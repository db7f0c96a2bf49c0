// Where a long sample text is cut for its collapsed card, so a 10 MB answer never lays out as a 600,000 px card.

/** Characters a collapsed card shows (about a screen of text in a Browse column). */
export const COLLAPSED_CHARS = 2_000;
/** Lines a collapsed card shows, for texts of many short lines. */
export const COLLAPSED_LINES = 40;

/**
 * The head of `text` a collapsed card shows: at most {@link COLLAPSED_CHARS} characters and {@link COLLAPSED_LINES}
 * lines, ending at a word boundary when one is near; `null` when the whole text fits (no "show all" needed).
 */
export function collapsedHead(text: string, maxChars = COLLAPSED_CHARS, maxLines = COLLAPSED_LINES): string | null {
  let cut = Math.min(text.length, maxChars);
  let nl = -1;
  for (let i = 0, lines = 0; i < cut; i++) {
    if (text.charCodeAt(i) === 10 && ++lines >= maxLines) {
      nl = i;
      break;
    }
  }
  if (nl >= 0) cut = nl;
  if (cut >= text.length) return null;
  // Back up to a space within the last 10% so a word is not split, unless the text has none there (one huge token).
  const space = text.lastIndexOf(' ', cut);
  if (nl < 0 && space > cut * 0.9) cut = space;
  return text.slice(0, cut).trimEnd();
}
