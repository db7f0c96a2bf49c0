// The one shape every CLI command has; main.ts dispatches to it, commands export it (no import of main.ts, so no cycle).

/** A CLI command: parses its own argv, prints, returns the exit code (0 ok, 1 failed, 2 bad usage). */
export interface Command {
  /** One line for `overton --help`. */
  summary: string;
  /** Printed for `--help` and after a usage error. */
  usage: string;
  run(argv: string[]): Promise<number>;
}
