// Browser entry: mounts the app shell.
import { createRoot } from 'react-dom/client';
import { App } from './app/app';

createRoot(document.getElementById('root')!).render(<App />);

// Benchmarks drive the engine through a hook that exists only on `?bench` pages (bench/embed.bench.ts).
if (new URLSearchParams(location.search).has('bench')) void import('./data/embed-bench-hook');
if (new URLSearchParams(location.search).has('bench')) void import('./data/measurer-bench-hook');
if (new URLSearchParams(location.search).has('bench')) void import('./data/import-bench-hook');
