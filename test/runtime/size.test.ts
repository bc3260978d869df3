/**
 * Size budget of the shipped runtime (STYLE.md section 7): an esbuild bundle of
 * packages/runtime/src/index.ts, minified. It was 24-25 KiB when the budget was set; raise the budget
 * deliberately, in review, not to make a growing bundle pass.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Raised from 32 KiB for issue 10, in review: 29.3 KiB before, 43.8 KiB after. What the growth
// bought (each measured on its branch): UAPI.20 call/reply header checks, vendor extensions and
// upgrade ~5.5 KiB; exact 64-bit JSON parse/print and NaN/__proto__ guards ~3.1 KiB; buffer
// budget, idle/frame clocks and eviction ~3.4 KiB; ssh-unix:/ssh-exec: over a child's stdio
// ~2.2 KiB; socket-activation names and own-handler lookup ~1 KiB. Nothing here is dead weight
// for a generated client or service; splitting transports into their own entry points (the
// runtime-package issue) is the way to shrink what an app loads.
//
// Raised to 56 KiB for issue 11 (client core, branch h-A; for review): 43.8 KiB before, 54.1 KiB
// after. The error hierarchy, client interceptors and the exports of the shared contracts
// ~2.9 KiB; the connection pool (bounds, set-aside, reconnect backoff) and the service client
// ~7.4 KiB. Then 58.7 KiB with branch h-C merged in: its discovery (target parsing, DNS A/AAAA
// and SRV with TTL re-resolution, the Varlink resolver) and balancers, ~4.6 KiB, come in
// through the service client's default `parseTarget`. Then 61.9 KiB with branch h-B merged in:
// the circuit breaker, retry interceptor and retry budget, ~3.2 KiB, on by default in the service
// client. Apps that never pool still load all of it: the runtime-package entry points fix that.
// Then 65.1 KiB with issue 11's server side (interceptors, peer, error hook, signal helper,
// client-gone probe, prompt streams: ~3 KiB, helper D).
// Issue 15 (observability, branch h-O; for review): 67.4 KiB before, 71.3 KiB
// after. The `logger` option's call records (~1.8 KiB), the stream watcher, outcome names and
// trace-context member helpers the otel/prometheus entry points share (~1.3 KiB), connection ids
// and the ConnectionObserver hooks in server and client (~0.9 KiB). OTel and prom-client code
// stays in their own entry points, outside this bundle.
// Issue 14 part 2 (branch h-S2, for review): 67.4 KiB before, 75.5 KiB
// after. Authentication (org.varlink.codegen.auth server side, identity limits) ~3.6 KiB, the
// declarative policy and authorize interceptor ~2.1 KiB, the client token session ~1.2 KiB,
// the interface's IDL text and errors ~0.9 KiB. jose stays out (its own entry point). Moving
// authorize/policy to an entry point of their own would save ~2 KiB of it.
// Issue 11's leftovers (branch h-F; for review): 67.4 KiB before, 69.1 KiB
// after: endpoints leaving discovery drain (ConnectionPool.drain), connectTimeoutMs and a connect
// timeout counted as an endpoint failure, DNS queries cancelled on stop, ~1.7 KiB.
// Issue 14's transport half (branch h-S1; for review): 67.4 KiB before,
// 72.4 KiB after: tls: addresses, node:tls connect/listen with handshake timeouts, certificate
// files and their reload (watch, validate, setSecureContext), the TLS peer identity and the
// plaintext-tcp warning, ~5 KiB.
// All of these together, merged: 86.7 KiB (88,754 B) with the absent-optional helpers (branch h-G).
// Budget 90 KiB. An app that needs none of auth/TLS/logging still loads them: splitting the
// security room into its own entry point would save an estimated ~10 KiB (left for later; see the closing note).
// Issue 17 part 1 (branch h-W; for review): 88.0 KiB (90,151 B) before, 95.7 KiB after: the
// ws:// and wss:// client addresses in the Node connect path (RFC 6455 frame codec, handshake,
// the WebSocket channel, the upgrade request over node:http(s), upgrade over ws), ~7.7 KiB. The HTTP front
// (bridge, direct serving) is its own entry point, `@varlink-codegen/runtime/http`, outside it.
// Issue 17 part 2 (branch h-B, browser client; for review): 95.2 KiB (h-W merged) before,
// 102.9 KiB (105,417 B) after: simple HTTP mode (HttpCaller, the json-seq reader; ServiceClient
// takes http(s):// targets, on Node too) ~4.5 KiB, the channel over globalThis.WebSocket (used
// only without the Node platform: dead weight here, ~1.5 KiB), the transport seam and the bytes
// helper ~1.8 KiB. A browser app loads the browser entry instead: 59.9 KiB (61,346 B), with no
// server, TLS, exec, DNS or RFC 6455 codec of its own.
// Issue 17 review fixes (branch h-Y2; for review): 106,271 B before, 106,840 B after: the json-seq
// record limit, the browser WebSocket channel's held-bytes budget, 32-bit masking, ~0.6 KiB.
// With branch h-Y1 merged too (the WebSocket channel's close timer, close-frame validation, pings
// under backpressure) and mutual TLS without a ca refused on tls: listeners: 108,273 B (105.7 KiB).
// Budget 107 KiB. The codec and the HttpCaller are in the core because Node's connect path and
// ServiceClient's http(s):// targets use them; an entry point without them is the next saving.
const BUDGET_BYTES = 107 * 1024;

describe("runtime bundle size", () => {
  it(`stays under ${BUDGET_BYTES / 1024} KiB minified`, async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../../packages/runtime/src/index.ts", import.meta.url))],
      bundle: true,
      minify: true,
      platform: "node",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
    expect(bytes).toBeGreaterThan(1024);
    expect(bytes).toBeLessThan(BUDGET_BYTES);
  });
});
