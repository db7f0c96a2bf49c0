// An import the user asked for that needs a new origin allowed first: allow it, reload (so the CSP includes it), resume.

import { allowOrigins, GITHUB_ORIGINS } from '../../data/allowed-origins';
import { blockedOrigins } from '../../data/importer-client';

/** An import to start: from a static server URL or the paper's GitHub repository. */
export type PendingImport = { kind: 'url'; url: string } | { kind: 'github' };

const KEY = 'overton:pending-import';

/** The URLs an import will connect to. */
function targets(p: PendingImport): readonly string[] {
  return p.kind === 'github' ? GITHUB_ORIGINS : [p.url];
}

/**
 * When `p` needs origins the page's policy does not allow yet, allows them (the user asked for this import: that is
 * the explicit consent), remembers `p` for this tab and reloads, returning true; the reloaded page resumes `p` through
 * {@link takePendingImport}. Returns false when nothing needs allowing (start the import now).
 */
export function allowAndReloadIfNeeded(p: PendingImport): boolean {
  const blocked = blockedOrigins(targets(p));
  if (!blocked.length) return false;
  allowOrigins(blocked);
  sessionStorage.setItem(KEY, JSON.stringify(p));
  location.reload();
  return true;
}

/** The import left for this page by {@link allowAndReloadIfNeeded}, removed as it is read; null when none. */
export function takePendingImport(): PendingImport | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    const v = raw ? (JSON.parse(raw) as { kind?: unknown; url?: unknown }) : null;
    if (v?.kind === 'github') return { kind: 'github' };
    if (v?.kind === 'url' && typeof v.url === 'string') return { kind: 'url', url: v.url };
  } catch {
    // Unreadable storage: there is nothing to resume.
  }
  return null;
}
