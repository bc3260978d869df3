/**
 * `--bridge=CMD` replaces the address: `call --bridge='ssh host varlink bridge' org.a.B '{}'`.
 * Commands declare the address as an optional first argument and shift it here.
 */
import type { Target } from "./session.js";

/** The target and the remaining arguments; a missing address without `--bridge` is a usage message. */
export function splitTarget(
  args: readonly (string | undefined)[],
  bridge: string | undefined,
): { target: Target; rest: (string | undefined)[] } | string {
  if (bridge !== undefined) {
    if (bridge.trim() === "") return "--bridge needs a command";
    return { target: { address: `bridge:${bridge}`, bridge }, rest: [...args] };
  }
  const [address, ...rest] = args;
  if (address === undefined) return "missing required argument 'address' (or give --bridge=CMD)";
  return { target: { address }, rest };
}
