/**
 * A command whose stdin/stdout is a connection to a unix socket, for `--bridge=CMD` tests, and a
 * fake `ssh` built on it (the machine has no sshd): it records its arguments, one JSON array a
 * line, in `$FAKE_SSH_LOG`, and connects to `$FAKE_SSH_SOCKET` whatever host it is given. With
 * `$BRIDGE_BUFFER_MARK` it forwards only once its stdin ends, then appends to that file.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const BRIDGE = `
import { appendFileSync } from "node:fs";
import { connect } from "node:net";
if (process.env.FAKE_SSH_LOG) appendFileSync(process.env.FAKE_SSH_LOG, JSON.stringify(process.argv.slice(2)) + "\\n");
const target = process.env.FAKE_SSH_SOCKET ?? process.argv[2];
const mark = process.env.BRIDGE_BUFFER_MARK;
let socket;
if (mark) {
  // Like a slow link: forward nothing until stdin ends, then mark the file once delivered.
  const chunks = [];
  process.stdin.on("data", (c) => chunks.push(c));
  await new Promise((resolve) => process.stdin.once("end", resolve));
  socket = connect(target);
  socket.end(Buffer.concat(chunks));
  socket.on("close", () => appendFileSync(mark, "delivered\\n"));
} else {
  socket = connect(target);
  process.stdin.pipe(socket);
}
socket.pipe(process.stdout);
socket.on("error", (e) => { process.stderr.write("bridge: " + e.message + "\\n"); process.exit(255); });
socket.on("close", () => process.exit(0));
`;

/** Writes `bridge.mjs` and an executable `ssh` into `dir`; returns the bridge command for `socket`. */
export function writeStdioBridge(dir: string): { bridge: (socket: string) => string; ssh: string } {
  const script = join(dir, "bridge.mjs");
  writeFileSync(script, BRIDGE);
  const ssh = join(dir, "ssh");
  writeFileSync(ssh, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(ssh, 0o755);
  return { bridge: (socket) => `'${process.execPath}' '${script}' '${socket}'`, ssh };
}
