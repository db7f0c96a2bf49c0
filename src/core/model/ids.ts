// Branded identifiers: the only place brand strings are written, so a PromptId can never pass for a SystemId.

declare const brand: unique symbol;
/** A string tagged with a compile-time brand `B`; identical to `string` at run time. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A dataset name as found on disk or given by the user, e.g. `LIMA-OE`. */
export type DatasetId = Brand<string, 'DatasetId'>;
/** A system handle, e.g. `llama-2-icl-chat-summary`. */
export type SystemId = Brand<string, 'SystemId'>;
/** A prompt id, unique within its dataset: `p<index>` unless the data gives its own id. */
export type PromptId = Brand<string, 'PromptId'>;

/** Makes a {@link DatasetId}. */
export const datasetId = (name: string): DatasetId => name as DatasetId;
/** Makes a {@link SystemId}. */
export const systemId = (handle: string): SystemId => handle as SystemId;
/** Makes a {@link PromptId}; a numeric index becomes `p<index>`. */
export const promptId = (idOrIndex: string | number): PromptId =>
  (typeof idOrIndex === 'number' ? `p${idOrIndex}` : idOrIndex) as PromptId;
