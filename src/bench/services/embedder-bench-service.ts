// Bench-only EmbedderService: timing and raw-vector calls the app never makes, kept out of the production worker.
import type { EmbedDevice, EmbedOptions, EngineInfo, ModelDescriptor } from '../../core/embed/embedder';
import { EmbedderService } from '../../workers/services/embedder-service';

/** The app's embedder plus what bench/embed.bench.ts and e2e/webgpu.spec.ts drive; runs in the bench page's own worker. */
export class EmbedderBenchService extends EmbedderService {
  /**
   * Embeds `texts` without the cache or the held table and returns counts and time only (no vectors), so the
   * bench measures the engine alone.
   */
  async timeEmbed(d: ModelDescriptor, texts: string[], opts: EmbedOptions = {}): Promise<{ n: number; dim: number; ms: number; device: EmbedDevice; truncated: number; chunked: number; empty: number }> {
    const r = await this.embed(d, texts, opts);
    return { n: r.n, dim: r.dim, ms: r.ms, device: r.device, truncated: r.truncated.length, chunked: r.chunked.length, empty: r.empty.length };
  }

  /**
   * Loads `d` on `device` (`auto` = WebGPU when an adapter exists, else wasm) and returns the engine it landed on
   * with the vectors of `texts` as plain arrays (one `dim`-long row per text, input order): a handful of texts for
   * cross-device agreement checks, in a form that survives Playwright's `page.evaluate`.
   */
  async vectorsFor(d: ModelDescriptor, texts: string[], device: 'auto' | EmbedDevice): Promise<{ engine: EngineInfo; dim: number; ms: number; vectors: number[][] }> {
    await this.configure({ device });
    const engine = await this.load(d);
    const res = await this.embed(d, texts);
    const vectors = Array.from({ length: res.n }, (_, i) => Array.from(res.vectors.subarray(i * res.dim, (i + 1) * res.dim)));
    return { engine, dim: res.dim, ms: res.ms, vectors };
  }
}
