/** The flags varlink-go-certification takes: `--varlink ADDR` (or `-varlink=ADDR`). */
export function parseVarlinkFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--?varlink(?:=(.*))?$/.exec(arg);
    if (match === null) continue;
    return match[1] ?? argv[i + 1];
  }
  return undefined;
}
