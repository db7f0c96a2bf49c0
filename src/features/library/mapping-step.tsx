// The column-mapping step for CSV/JSON/JSONL tables whose column names the importer could not match on its own.

import { useState } from 'react';
import { MAPPING_FIELDS, missingFields, type ColumnMapping } from '../../core/io/generic';

const LABELS: Record<keyof ColumnMapping, string> = {
  prompt: 'Prompt text',
  promptId: 'Prompt id',
  system: 'System',
  sample: 'Sample index',
  text: 'Response text',
  dataset: 'Dataset',
  split: 'Split',
  error: 'Error',
};

/** Dropdowns (prefilled with the guess) mapping our fields to the file's columns; Import stays disabled until complete. */
export function MappingStep({
  files,
  columns,
  guess,
  onImport,
  onCancel,
}: {
  files: string[];
  columns: string[];
  guess: ColumnMapping;
  onImport(mapping: ColumnMapping): void;
  onCancel(): void;
}) {
  const [mapping, setMapping] = useState<ColumnMapping>(guess);
  const missing = missingFields(mapping);
  return (
    <form
      className="mapping-step"
      aria-label="Column mapping"
      onSubmit={(e) => {
        e.preventDefault();
        if (!missing.length) onImport(mapping);
      }}
    >
      <p>
        Map the columns of <code>{files.join(', ')}</code>. Required: system, response text, and prompt text or id.
      </p>
      <div className="mapping-grid">
        {MAPPING_FIELDS.map((field) => (
          <label key={field}>
            <span>
              {LABELS[field]}
              {missing.includes(field) && <span className="error-text"> (required)</span>}
            </span>
            <select
              aria-label={LABELS[field]}
              value={mapping[field] ?? ''}
              onChange={(e) => setMapping({ ...mapping, [field]: e.target.value || undefined })}
            >
              <option value="">(none)</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="mapping-actions">
        <button type="submit" disabled={missing.length > 0}>
          Import with this mapping
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
