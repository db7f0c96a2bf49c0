// OpenAI-compatible endpoints: what each server kind supports, its default address, and how to let a browser page call it (CORS).

/** Server software behind an endpoint; decides which request fields are sent. */
export type ServerKind = 'vllm' | 'llama-cpp' | 'ollama' | 'tgi' | 'openai' | 'other';

/**
 * One endpoint. `role` chooses the route: `base` → `POST /v1/completions` with the raw prompt (URIAL needs it);
 * `aligned` → `POST /v1/chat/completions` with messages (teacher, summariser, judge). `baseUrl` is the server root
 * without `/v1` (e.g. `http://localhost:8000`); a trailing `/v1` or `/` is tolerated. `apiKey` is sent as a bearer
 * token and never written into run records.
 */
export interface Endpoint {
  server: ServerKind;
  baseUrl: string;
  model: string;
  role: 'base' | 'aligned';
  apiKey?: string;
  /** Extra request headers (e.g. the e2e test server's `x-fail`). */
  headers?: Record<string, string>;
}

/** What a server kind accepts and how to start it for Overton. */
export interface ServerPreset {
  server: ServerKind;
  label: string;
  defaultBaseUrl: string;
  /** Accepts `n` > 1 in one request (otherwise Overton sends N requests). */
  supportsN: boolean;
  /** Accepts a `seed`. */
  supportsSeed: boolean;
  /** The request field for a repetition penalty, or null when the server has none on its OpenAI routes. */
  repetitionPenaltyField: 'repetition_penalty' | 'repeat_penalty' | null;
  /** Needs an API key. */
  needsKey: boolean;
  /** How to start the server so this page may call it (CORS); `{origin}` is replaced by the page's origin. */
  cors: string;
}

/** Presets for the servers Overton knows, in menu order. */
export const SERVER_PRESETS: readonly ServerPreset[] = [
  {
    server: 'vllm',
    label: 'vLLM',
    defaultBaseUrl: 'http://localhost:8000',
    supportsN: true,
    supportsSeed: true,
    repetitionPenaltyField: 'repetition_penalty',
    needsKey: false,
    cors: `vllm serve <model> --allowed-origins '["{origin}"]'  (add --api-key <key> to require a key)`,
  },
  {
    server: 'llama-cpp',
    label: 'llama.cpp (llama-server)',
    defaultBaseUrl: 'http://localhost:8080',
    supportsN: false,
    supportsSeed: true,
    repetitionPenaltyField: 'repeat_penalty',
    needsKey: false,
    cors: 'llama-server -m <model.gguf> --port 8080  (it answers cross-origin requests by default; --api-key <key> to require a key)',
  },
  {
    server: 'ollama',
    label: 'Ollama',
    defaultBaseUrl: 'http://localhost:11434',
    supportsN: false,
    supportsSeed: true,
    repetitionPenaltyField: null,
    needsKey: false,
    cors: 'OLLAMA_ORIGINS="{origin}" ollama serve',
  },
  {
    server: 'tgi',
    label: 'Text Generation Inference (TGI)',
    defaultBaseUrl: 'http://localhost:8080',
    supportsN: false,
    supportsSeed: true,
    repetitionPenaltyField: 'repetition_penalty',
    needsKey: false,
    cors: 'text-generation-launcher --model-id <model> --cors-allow-origin "{origin}"  (docker: pass the same flag after the image name)',
  },
  {
    server: 'openai',
    label: 'OpenAI API',
    defaultBaseUrl: 'https://api.openai.com',
    supportsN: true,
    supportsSeed: true,
    repetitionPenaltyField: null,
    needsKey: true,
    cors: 'api.openai.com accepts browser requests; the key stays in this tab unless you tick "remember on this device"',
  },
  {
    server: 'other',
    label: 'Other OpenAI-compatible server',
    defaultBaseUrl: 'http://localhost:8000',
    supportsN: false,
    supportsSeed: true,
    repetitionPenaltyField: null,
    needsKey: false,
    cors: 'start the server so it sends Access-Control-Allow-Origin: {origin} (and allows the Authorization and Content-Type headers)',
  },
];

/** The preset of a server kind. */
export function serverPreset(server: ServerKind): ServerPreset {
  return SERVER_PRESETS.find((p) => p.server === server) ?? SERVER_PRESETS[SERVER_PRESETS.length - 1]!;
}

/** The CORS instruction for `server`, with the page's origin filled in. */
export function corsInstructions(server: ServerKind, origin: string): string {
  return serverPreset(server).cors.replaceAll('{origin}', origin);
}

/** `baseUrl` + `/v1/<path>`, tolerating a trailing slash or `/v1` on the base. */
export function endpointUrl(baseUrl: string, path: 'models' | 'completions' | 'chat/completions'): string {
  const root = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${root}/v1/${path}`;
}

/** Request headers: JSON, the bearer key when given, and the endpoint's extras. */
export function requestHeaders(e: Endpoint): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    ...(e.apiKey ? { Authorization: `Bearer ${e.apiKey}` } : {}),
    ...e.headers,
  };
}
