// CLI entry (`overton <command>`, `npm run cli -- <command>`): dispatches to src/cli/commands/<command>.ts, loaded on demand.
import { version } from '../../package.json';
import type { Command } from './command';

/** Each command's module, imported only when it runs, so `--version` and `--help` start fast. */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  inspect: () => import('./commands/inspect'),
  metrics: () => import('./commands/metrics'),
  judges: () => import('./commands/judges'),
  report: () => import('./commands/report'),
  embed: () => import('./commands/embed'),
  semantic: () => import('./commands/semantic'),
  'icl-check': () => import('./commands/icl-check'),
  generate: () => import('./commands/generate'),
  judge: () => import('./commands/judge'),
  figure: () => import('./commands/figure'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(`overton ${version}`);
    return 0;
  }
  const load = name ? commands[name] : undefined;
  const askedForHelp = name === undefined || name === '--help' || name === '-h' || name === 'help';
  if (!load) {
    const lines = ['usage: overton <command> [options]   (or: npm run cli -- <command> [options])', '', 'commands:'];
    for (const [n, l] of Object.entries(commands)) {
      try {
        lines.push(`  ${n.padEnd(9)} ${(await l()).command.summary}`);
      } catch {
        lines.push(`  ${n.padEnd(9)} (not available)`);
      }
    }
    lines.push('', '<command> --help prints its options; --version prints the version.');
    // Help that was asked for goes to stdout with success; an unknown command is a usage error.
    if (askedForHelp) {
      console.log(lines.join('\n'));
      return 0;
    }
    console.error(`unknown command "${name}"\n\n${lines.join('\n')}`);
    return 2;
  }
  // report's worker threads start before its module loads, so their start-up overlaps this thread's.
  if (name === 'report' && !rest.includes('--help') && !rest.includes('-h')) (await import('./report-workers')).prestartReportWorkers(rest);
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
