/** Process exit codes of the CLI, the same for every command. */
export const ExitCode = {
  /** Success; for `--check`, nothing would change. */
  Ok: 0,
  /** Diagnostics were reported, `--check` found drift, or `breaking` found breaking changes. */
  Failure: 1,
  /** Bad usage: unknown flag, missing argument, invalid option value. */
  Usage: 2,
  /** A bug in varlink-codegen: an exception escaped (printed with its stack, to be reported). */
  Internal: 70,
} as const;
/** One of the `ExitCode` values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
