#!/usr/bin/env node
// `overton` / `npx overton`: starts the bundled CLI in dist-cli/ (built by `npm run build:cli`, which `prepare` runs on npm install / npm ci).
import { existsSync } from 'node:fs';

const main = new URL('../dist-cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('overton: the CLI is not built yet; run `npm run build:cli` (npm install / npm ci do it through `prepare`).');
  process.exit(1);
}
await import(main.href);
