// Generated systems of the dataset with their saved configuration: follow, resume, pause, cancel, delete.

import { useQueryClient } from '@tanstack/react-query';
import { useStore } from 'zustand';
import { engineLabel, type LabRunConfig } from '../../core/lab/run-config';
import { keys } from '../../data/keys';
import { cancelRun, isRunning, labRuns, pauseRun, runKey } from '../../data/lab-runner';
import { deleteSystem, type DatasetMeta } from '../../data/workspace';
import { useLabStore } from './store';

/** The list; `onResume` restarts a stored run from its missing samples. */
export function RunsList({ meta, onResume }: { meta: DatasetMeta; onResume: (system: string) => void }) {
  const live = useStore(labRuns, (s) => s.runs);
  const active = useLabStore((s) => s.active[meta.key]);
  const follow = useLabStore((s) => s.systemFollowed);
  const client = useQueryClient();
  const runs = Object.entries(meta.runs ?? {}).sort(([, a], [, b]) => b.createdAt - a.createdAt);
  if (runs.length === 0) return null;
  const remove = async (system: string) => {
    await deleteSystem(meta.key, system);
    await client.invalidateQueries({ queryKey: keys.dataset(meta.key) });
    await client.invalidateQueries({ queryKey: keys.datasets() });
  };
  return (
    <section className="lab-panel" aria-label="Generated systems">
      <h3>Generated systems</h3>
      <table className="lab-runs">
        <thead>
          <tr>
            <th>system</th>
            <th>engine</th>
            <th>prompts × N</th>
            <th>status</th>
            <th>created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map(([system, run]) => {
            const cfg = run.config as LabRunConfig;
            const l = live[runKey(meta.key, system)];
            const running = isRunning(meta.key, system);
            const status = l && running ? `${l.status} · ${l.done}/${l.total}` : run.status === 'running' ? 'interrupted' : run.status;
            return (
              <tr key={system} className={system === active ? 'active' : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => follow(meta.key, system)} aria-label={`Follow ${system}`}>
                    {system}
                  </button>
                  <details className="small">
                    <summary>configuration</summary>
                    <pre className="lab-config">{JSON.stringify({ ...cfg, rendered: `${Object.keys(cfg.rendered ?? {}).length} prompts` }, null, 1)}</pre>
                  </details>
                </td>
                <td className="small">{cfg.engine ? engineLabel(cfg.engine) : '–'}</td>
                <td>
                  {run.prompts.length} × {run.samplesPerPrompt}
                </td>
                <td aria-label={`Status of ${system}`}>
                  {status}
                  {run.error && !running && <div className="error-text small">{run.error}</div>}
                </td>
                <td className="small">{new Date(run.createdAt).toLocaleString()}</td>
                <td className="row">
                  {running ? (
                    <>
                      <button type="button" onClick={() => pauseRun(meta.key, system)}>
                        Pause
                      </button>
                      <button type="button" className="danger" onClick={() => cancelRun(meta.key, system)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    run.status !== 'done' && (
                      <button type="button" onClick={() => onResume(system)} aria-label={`Resume ${system}`}>
                        Resume
                      </button>
                    )
                  )}
                  {!running && (
                    <button type="button" className="link" onClick={() => void remove(system)} aria-label={`Delete ${system}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
