/** Telling a Varlink address from a path or a git ref on the command line. */

/** True for strings that look like a Varlink address (`unix:`, `tcp:`, `tls:`, `exec:`, `ssh-unix:`, `ssh-exec:`) rather than a path or git ref. */
export function isAddress(spec: string): boolean {
  return /^(unix|tcp|tls|exec|ssh-unix|ssh-exec):/.test(spec);
}
