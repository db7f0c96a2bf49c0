// Model picker: the bundled offline encoder, a Hugging Face Hub id (opt-in, needs network), or a model folder on disk.

import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import {
  BUNDLED_MODEL,
  embeddingMethod,
  folderFingerprint,
  folderModel,
  hubIdProblem,
  hubModel,
  isEmbedError,
  missingModelFiles,
  withLongTexts,
  type LongTexts,
  type ModelDtype,
  type ModelFiles,
} from '../../core/embed/embedder';
import { loadModel } from '../../data/embedder-client';
import { useEmbeddingsStore, usePickedModel } from './store';

function describeLoadError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (isEmbedError(e, 'ModelOffline') || (typeof navigator !== 'undefined' && !navigator.onLine)) {
    return `${msg} (Offline: Hub models need a network connection the first time; pick the bundled encoder to work offline.)`;
  }
  return msg;
}

/** Reads a picked folder (`webkitdirectory`) into relative path → File, dropping the top folder name. */
function folderFiles(list: FileList): { name: string; files: ModelFiles; meta: { path: string; size: number; lastModified: number }[] } {
  const files: ModelFiles = {};
  const meta: { path: string; size: number; lastModified: number }[] = [];
  let name = 'model';
  for (const f of Array.from(list)) {
    const rel = f.webkitRelativePath || f.name;
    const slash = rel.indexOf('/');
    if (slash > 0) name = rel.slice(0, slash);
    const path = slash > 0 ? rel.slice(slash + 1) : rel;
    files[path] = f;
    meta.push({ path, size: f.size, lastModified: f.lastModified });
  }
  return { name, files, meta };
}

/** The picker. Loading a model here only checks it; embedding uses whatever is picked. */
export function ModelPicker({ disabled }: { disabled: boolean }) {
  const model = usePickedModel();
  const modelChosen = useEmbeddingsStore((s) => s.modelChosen);
  const [hubId, setHubId] = useState('Xenova/all-MiniLM-L6-v2');
  const [dtype, setDtype] = useState<ModelDtype>('q8');
  const [folderError, setFolderError] = useState<string | null>(null);
  const check = useMutation({ mutationFn: () => loadModel(model, undefined, useEmbeddingsStore.getState().files) });
  const hubProblem = hubIdProblem(hubId);

  const onFolder = (e: ChangeEvent<HTMLInputElement>) => {
    if (!e.target.files?.length) return;
    const { name, files, meta } = folderFiles(e.target.files);
    const paths = Object.keys(files);
    const wanted: ModelDtype = paths.includes('onnx/model.onnx') ? 'fp32' : 'q8';
    const missing = missingModelFiles(paths, wanted);
    if (missing.length) {
      setFolderError(`The folder “${name}” cannot be used: it is missing ${missing.join(', ')}.`);
      return;
    }
    setFolderError(null);
    // A copy of the bundled conversion pools inside the graph; other exports need mean pooling.
    const pooling = paths.includes('overton-model.json') ? 'none' : 'mean';
    modelChosen(folderModel(name, folderFingerprint(meta), { dtype: wanted, pooling }), files);
    check.reset();
  };

  return (
    <fieldset className="embed-model" disabled={disabled}>
      <legend>Model</legend>
      <label>
        <input type="radio" name="embed-model" checked={model.source === 'bundled'} onChange={() => (modelChosen(BUNDLED_MODEL), check.reset())} />
        Universal Sentence Encoder lite — bundled, works offline (512-d)
      </label>
      <div className="embed-model-row">
        <label>
          <input type="radio" name="embed-model" checked={model.source === 'hub'} disabled={hubProblem !== null} onChange={() => (modelChosen(hubModel(hubId, { dtype })), check.reset())} />
          Hugging Face model
        </label>
        <input aria-label="Hugging Face model id" value={hubId} size={32} onChange={(e) => setHubId(e.target.value)} />
        <select aria-label="Precision" value={dtype} onChange={(e) => setDtype(e.target.value as ModelDtype)}>
          <option value="q8">q8</option>
          <option value="fp32">fp32</option>
        </select>
        <button type="button" disabled={hubProblem !== null} onClick={() => (modelChosen(hubModel(hubId, { dtype })), check.reset())}>
          Use
        </button>
        <span className="muted small">needs network; downloaded once</span>
      </div>
      {hubProblem && hubId.trim() !== '' && <p className="error-text small">{hubProblem}</p>}
      <div className="embed-model-row">
        <label>
          <input type="radio" name="embed-model" checked={model.source === 'folder'} readOnly disabled={model.source !== 'folder'} />
          Model folder
        </label>
        {/* webkitdirectory is not in React's types; it is set as a plain attribute. */}
        <input type="file" aria-label="Model folder" {...{ webkitdirectory: '' }} multiple onChange={onFolder} />
        <span className="muted small">needs config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx</span>
      </div>
      {folderError && <p className="error-text small" role="alert">{folderError}</p>}
      <div className="embed-model-row">
        <label>
          Long texts{' '}
          <select aria-label="Long texts" value={model.longTexts ?? 'chunks'} onChange={(e) => (modelChosen(withLongTexts(model, e.target.value as LongTexts)), check.reset())}>
            <option value="chunks">whole text (chunks, token-weighted mean)</option>
            <option value="truncate">truncate at the window</option>
          </select>
        </label>
        <span className="muted small">{embeddingMethod(model)}</span>
      </div>
      <div className="embed-model-row">
        <span>
          Picked: <strong>{model.label}</strong>
        </span>
        <button type="button" onClick={() => check.mutate()} disabled={check.isPending}>
          {check.isPending ? 'Loading…' : 'Check model'}
        </button>
        {check.data && (
          <span className="small">
            loaded: {check.data.dim}-d, {check.data.device}
            {check.data.device === 'wasm' ? `, ${check.data.threads} thread${check.data.threads === 1 ? '' : 's'}` : ''}
          </span>
        )}
        {check.error && (
          <span className="error-text small" role="alert">
            {describeLoadError(check.error)}
          </span>
        )}
      </div>
    </fieldset>
  );
}

export { describeLoadError };
