/**
 * W3C trace context on the wire: a UAPI.20 vendor-extension member of the call,
 * `"org.varlink.codegen.trace": { "traceparent": "00-…-01", "tracestate": "…" }`. Receivers that
 * do not know it must ignore it (varlink-go does; systemd 252 does not: docs/observability.md).
 * The member is a plain string map, so it is the carrier OpenTelemetry's propagators read and
 * write (a configured propagator may add its own keys, e.g. `baggage`).
 */
import type { Extensions } from "../wire/header.js";

/** The extension member's name (`org.varlink.codegen` is this toolchain's namespace). */
export const TRACE_EXTENSION = "org.varlink.codegen.trace";

/** The string members of a call's trace member (`{}` when it has none, or it is not an object). */
export function traceCarrierOf(extensions: Extensions): Record<string, string> {
  const member = extensions[TRACE_EXTENSION];
  const carrier: Record<string, string> = {};
  if (typeof member !== "object" || member === null || Array.isArray(member)) return carrier;
  for (const [key, value] of Object.entries(member)) if (typeof value === "string") carrier[key] = value;
  return carrier;
}

/** `extensions` plus the trace member holding `carrier` (unchanged when `carrier` is empty). */
export function withTraceCarrier(
  extensions: Extensions | undefined,
  carrier: Readonly<Record<string, string>>,
): Extensions | undefined {
  if (Object.keys(carrier).length === 0) return extensions;
  return { ...extensions, [TRACE_EXTENSION]: { ...carrier } };
}
