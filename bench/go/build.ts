/**
 * `npx tsx bench/go/build.ts [--force]`: builds the Go baseline peers into bench/.build/bin and
 * prints their paths, or a clear error (exit 1) when go or the varlink/go sources are missing.
 */
import { buildGoPeers } from "./go-peers.js";

const result = buildGoPeers({ force: process.argv.includes("--force") });
if (result.ok) {
  console.log(`bench-go-server: ${result.peers.server}`);
  console.log(`bench-go-client: ${result.peers.client}`);
} else {
  console.error(`bench/go: cannot build the Go baseline: ${result.reason}`);
  process.exitCode = 1;
}
