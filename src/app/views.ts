// The view registry: every main-area view is one entry here, registered as data (as excalidraw actions / LIT modules).

import type { ComponentType } from 'react';
import type { DatasetMeta } from '../data/workspace';
import { BrowseView } from '../features/browse/browse-view';
import { CorpusMapView } from '../features/corpus-map/corpus-map-view';
import { DrillDownView } from '../features/drill-down/drill-down-view';
import { EmbeddingsView } from '../features/embeddings/embeddings-view';
import { HintLabView } from '../features/hint-lab/hint-lab-view';
import { FindingsView } from '../features/findings/findings-view';
import { LibraryView } from '../features/library/library-view';
import { OverviewView } from '../features/metrics/overview-view';

/** What a view may check to decide whether it applies. */
export interface ViewContext {
  /** The open dataset's meta record, undefined while none is open. */
  dataset: DatasetMeta | undefined;
}

/**
 * A main-area view. `component` takes no props: it reads the view state from `state/` hooks and its data from
 * `data/` queries, so the shell never needs to know what a view shows.
 */
export interface ViewDef {
  /** Stable id, stored in the URL (`view`). */
  id: string;
  /** Tab label. */
  label: string;
  /** Whether the view makes sense for the open dataset; tabs of views that do not apply are hidden. */
  appliesTo(ctx: ViewContext): boolean;
  component: ComponentType;
}

const hasDataset = (ctx: ViewContext) => ctx.dataset !== undefined;

/** All views, in tab order. Add an entry (one import + one object) to plug a feature in. */
export const views: readonly ViewDef[] = [
  { id: 'browse', label: 'Browse', appliesTo: hasDataset, component: BrowseView },
  { id: 'overview', label: 'Overview', appliesTo: hasDataset, component: OverviewView },
  { id: 'findings', label: 'Findings', appliesTo: hasDataset, component: FindingsView },
  { id: 'embeddings', label: 'Embeddings', appliesTo: hasDataset, component: EmbeddingsView },
  { id: 'drill-down', label: 'Drill-down', appliesTo: hasDataset, component: DrillDownView },
  { id: 'corpus-map', label: 'Corpus map', appliesTo: hasDataset, component: CorpusMapView },
  { id: 'hint-lab', label: 'Hint lab', appliesTo: hasDataset, component: HintLabView },
  { id: 'library', label: 'Library', appliesTo: () => true, component: LibraryView },
];

/** The view to show for an id, falling back to the first view that applies. */
export function resolveView(id: string | undefined, ctx: ViewContext): ViewDef | undefined {
  const applicable = views.filter((v) => v.appliesTo(ctx));
  return applicable.find((v) => v.id === id) ?? applicable[0];
}
