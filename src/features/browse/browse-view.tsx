// Browse view: the selected prompt's samples, one column per chosen system.

/** The browse view (placeholder while the columns land). */
export function BrowseView() {
  return <section aria-label="Browse">Browse</section>;
}
