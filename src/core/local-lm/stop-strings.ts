// Stop strings over a token stream: emits only text that can no longer turn into a stop string, and cuts at the first one.

/** What one push released: text safe to show now, and whether a stop string has been reached. */
export interface StopStep {
  /** New text to append to what was already emitted (never contains any part of a stop string). */
  emit: string;
  /** True once a stop string has been seen; later pushes emit nothing. */
  stopped: boolean;
}

/**
 * Scans streamed text for stop strings. Text that might be the start of a stop string is held back until the
 * next delta decides it, so a UI never shows `# Que` and then has to take it back. Empty stop strings are ignored.
 */
export class StopScanner {
  private readonly stops: string[];
  private buffer = '';
  private emitted = 0;
  private done = false;
  private hit: string | undefined;

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((s) => s.length > 0);
  }

  /** Adds a delta and returns what may be shown now. */
  push(delta: string): StopStep {
    if (this.done) return { emit: '', stopped: true };
    this.buffer += delta;
    let cut = -1;
    let which: string | undefined;
    for (const s of this.stops) {
      // Only the region not yet emitted plus the longest stop's reach can hold a new match.
      const from = Math.max(0, this.emitted - s.length + 1);
      const i = this.buffer.indexOf(s, from);
      if (i >= 0 && (cut < 0 || i < cut)) {
        cut = i;
        which = s;
      }
    }
    if (cut >= 0) {
      this.done = true;
      this.hit = which;
      const emit = this.buffer.slice(this.emitted, cut);
      this.buffer = this.buffer.slice(0, cut);
      this.emitted = cut;
      return { emit, stopped: true };
    }
    const safeEnd = this.buffer.length - this.heldBack();
    const emit = this.buffer.slice(this.emitted, Math.max(this.emitted, safeEnd));
    this.emitted = Math.max(this.emitted, safeEnd);
    return { emit, stopped: false };
  }

  /** Ends the stream: releases any held-back tail (it never became a stop string). */
  finish(): string {
    if (this.done) return '';
    const rest = this.buffer.slice(this.emitted);
    this.emitted = this.buffer.length;
    this.done = true;
    return rest;
  }

  /** The text so far, cut before the first stop string. */
  get text(): string {
    return this.buffer;
  }

  /** Whether a stop string was reached. */
  get stopped(): boolean {
    return this.hit !== undefined;
  }

  /** The stop string that ended the stream, if any. */
  get stopString(): string | undefined {
    return this.hit;
  }

  /** Length of the longest buffer suffix that is a proper prefix of some stop string. */
  private heldBack(): number {
    let best = 0;
    for (const s of this.stops) {
      for (let k = Math.min(s.length - 1, this.buffer.length); k > best; k--) {
        if (this.buffer.endsWith(s.slice(0, k))) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}
