// Engine settings: an OpenAI-compatible server (base + aligned endpoints, presets, CORS help, test connection) or a model in this browser.

import { useState } from 'react';
import { testConnection, type ConnectionResult } from '../../core/generate/client';
import { SERVER_PRESETS, corsInstructions, serverPreset, type ServerKind } from '../../core/generate/endpoint';
import { TINY_LM, hubLm, type LocalModelDescriptor } from '../../core/local-lm/local-lm';
import { allowOrigin, canConnect, originOf } from '../../data/allowed-origins';
import { loadLocalModel } from '../../data/generator-client';
import { useLabStore, type EndpointSettings } from './store';

function EndpointFields({ which, title }: { which: 'base' | 'aligned'; title: string }) {
  const e = useLabStore((s) => s[which]);
  const edit = useLabStore((s) => s.endpointEdited);
  const [test, setTest] = useState<ConnectionResult | 'testing' | null>(null);
  const origin = typeof location === 'undefined' ? '' : location.origin;
  const run = async () => {
    setTest('testing');
    setTest(await testConnection({ server: e.server, baseUrl: e.baseUrl, model: e.model, role: which, ...(e.apiKey ? { apiKey: e.apiKey } : {}) }, { fetch: (u, i) => fetch(u, i as RequestInit), timeoutMs: 10_000 }));
  };
  const set = (patch: Partial<EndpointSettings>) => {
    edit(which, patch);
    setTest(null);
  };
  return (
    <fieldset className="lab-endpoint">
      <legend>{title}</legend>
      <label>
        Server
        <select aria-label={`${title} server`} value={e.server} onChange={(ev) => set({ server: ev.target.value as ServerKind, baseUrl: serverPreset(ev.target.value as ServerKind).defaultBaseUrl })}>
          {SERVER_PRESETS.map((p) => (
            <option key={p.server} value={p.server}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        URL
        <input aria-label={`${title} URL`} value={e.baseUrl} onChange={(ev) => set({ baseUrl: ev.target.value })} spellCheck={false} />
      </label>
      <label>
        Model
        <input aria-label={`${title} model`} value={e.model} onChange={(ev) => set({ model: ev.target.value })} spellCheck={false} />
      </label>
      <label>
        API key
        <input aria-label={`${title} API key`} type="password" value={e.apiKey} onChange={(ev) => set({ apiKey: ev.target.value })} autoComplete="off" />
      </label>
      <label className="inline">
        <input type="checkbox" checked={e.rememberKey} onChange={(ev) => set({ rememberKey: ev.target.checked })} /> remember key on this device
      </label>
      {!canConnect(e.baseUrl) && (
        <p className="lab-warning row" role="alert">
          This page's security policy (connect-src) does not yet allow {originOf(e.baseUrl)}.
          <button type="button" onClick={() => (allowOrigin(e.baseUrl), location.reload())}>
            Allow {originOf(e.baseUrl)} and reload
          </button>
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={test === 'testing'}>
          Test connection
        </button>
        <span role="status" className="small">
          {test === 'testing' && 'Testing…'}
          {test && test !== 'testing' && test.ok && (test.modelFound ? `Connected: ${e.model} is served.` : `Connected, but ${e.model} is not among: ${test.models.slice(0, 5).join(', ')}`)}
          {test && test !== 'testing' && !test.ok && <span className="error-text">{test.error.message}</span>}
        </span>
      </div>
      <details className="small">
        <summary>Let this page call the server (CORS)</summary>
        <code className="cors">{corsInstructions(e.server, origin)}</code>
      </details>
    </fieldset>
  );
}

function BrowserModel() {
  const model = useLabStore((s) => s.localModel);
  const choose = useLabStore((s) => s.localModelChosen);
  const [hubId, setHubId] = useState(model.source === 'hub' ? model.id : '');
  const [status, setStatus] = useState<string | null>(null);
  const load = async (m: LocalModelDescriptor, files?: Record<string, Blob>) => {
    choose(m);
    setStatus(`Loading ${m.label}…`);
    try {
      const info = await loadLocalModel(m, files);
      setStatus(`Loaded ${info.modelId} on ${info.device} in ${Math.round(info.loadMs)} ms${info.contextTokens ? ` · context ${info.contextTokens} tokens` : ''}.`);
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  };
  const pickFolder = (list: FileList | null) => {
    if (!list?.length) return;
    const files: Record<string, Blob> = {};
    for (const f of Array.from(list)) files[f.webkitRelativePath || f.name] = f;
    const name = (list[0]!.webkitRelativePath || 'model').split('/')[0]!;
    void load({ source: 'folder', id: `folder/${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64) || 'model'}`, label: `${name} (local folder)`, dtype: 'fp32' }, files);
  };
  return (
    <fieldset className="lab-endpoint">
      <legend>Model in this browser (Transformers.js, WebGPU → WASM)</legend>
      <p className="small muted">Current: {model.label}</p>
      <div className="row">
        <button type="button" onClick={() => void load(TINY_LM)}>
          Use bundled tiny LM
        </button>
        <label className="button">
          Pick model folder…
          <input type="file" className="visually-hidden" {...{ webkitdirectory: '' }} multiple onChange={(e) => pickFolder(e.target.files)} />
        </label>
      </div>
      <div className="row">
        <input aria-label="Hub model id" placeholder="Hub id, e.g. HuggingFaceTB/SmolLM2-135M" value={hubId} onChange={(e) => setHubId(e.target.value)} spellCheck={false} />
        <button type="button" disabled={!hubId.trim()} onClick={() => void load(hubLm(hubId))}>
          Download
        </button>
      </div>
      <p className="small muted">The tiny LM has random weights: it exercises the path offline, its text is gibberish. Hub models download once (network needed).</p>
      {status && (
        <p role="status" className="small">
          {status}
        </p>
      )}
    </fieldset>
  );
}

/** The engine panel: where base-model samples come from, and the aligned endpoint used for hints and judges. */
export function EnginePanel() {
  const engine = useLabStore((s) => s.engine);
  const choose = useLabStore((s) => s.engineChosen);
  return (
    <section className="lab-panel" aria-label="Engine">
      <h3>Engine</h3>
      <div className="row" role="radiogroup" aria-label="Where samples come from">
        <label className="inline">
          <input type="radio" name="lab-engine" checked={engine === 'server'} onChange={() => choose('server')} /> OpenAI-compatible server
        </label>
        <label className="inline">
          <input type="radio" name="lab-engine" checked={engine === 'browser'} onChange={() => choose('browser')} /> In this browser
        </label>
      </div>
      {engine === 'server' ? <EndpointFields which="base" title="Base model (/v1/completions)" /> : <BrowserModel />}
      <EndpointFields which="aligned" title="Aligned model (/v1/chat/completions: hints, judges)" />
    </section>
  );
}
