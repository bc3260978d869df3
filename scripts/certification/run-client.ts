/**
 * The certification client flow on the runtime: Start, Test01..Test11, End, each call built
 * from the previous reply, and every reply checked exactly against the certification data.
 */
import type { VarlinkClient } from "../../src/runtime/index.js";
import { CERTIFICATION_INTERFACE, CERTIFICATION_STEPS, jsonEqual } from "./data.js";

/** Outcome of a certification run. */
export interface CertificationResult {
  /** True when every reply matched and End answered `all_ok: true`. */
  readonly ok: boolean;
  /** Progress lines in the reference client's format (`Test01: 'true'` ... `End: 'true'`). */
  readonly lines: readonly string[];
  /** What went wrong, when not ok. */
  readonly failure?: string;
}

/** Runs the certification against the server `client` is connected to. */
export async function runCertification(client: VarlinkClient): Promise<CertificationResult> {
  const lines: string[] = [];
  const fail = (failure: string): CertificationResult => ({ ok: false, lines, failure });
  const method = (name: string): string => `${CERTIFICATION_INTERFACE}.${name}`;

  const started = await client.call(method("Start"));
  const clientId = started["client_id"];
  if (typeof clientId !== "string" || clientId === "")
    return fail(`Start: bad client_id ${JSON.stringify(started)}`);
  lines.push(`Start: '${clientId}'`);

  // The arguments of each call come from the previous reply, as the interface requires.
  let previous: Record<string, unknown>[] = [];
  for (const step of CERTIFICATION_STEPS) {
    const parameters = { client_id: clientId, ...argumentsFrom(step.method, previous) };
    if (!jsonEqual(parameters, { client_id: clientId, ...step.parameters })) {
      return fail(`${step.method}: would send ${JSON.stringify(parameters)}`);
    }
    let replies: Record<string, unknown>[];
    try {
      if (step.mode === "oneway") {
        await client.callOneway(method(step.method), parameters);
        replies = [];
      } else if (step.mode === "more") {
        replies = [];
        for await (const reply of client.callMore(method(step.method), parameters)) replies.push(reply);
      } else {
        replies = [await client.call(method(step.method), parameters)];
      }
    } catch (error) {
      return fail(`${step.method}: ${(error as Error).message}`);
    }
    if (!jsonEqual(replies, step.replies)) {
      return fail(`${step.method}: got ${JSON.stringify(replies)}, wants ${JSON.stringify(step.replies)}`);
    }
    lines.push(`${step.method}: '${describe(replies)}'`);
    previous = replies;
  }
  return { ok: true, lines };
}

/** Builds a step's arguments (besides client_id) from the previous step's replies. */
function argumentsFrom(
  methodName: string,
  previous: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const last = previous[previous.length - 1] ?? {};
  switch (methodName) {
    case "Test01":
    case "End":
      return {};
    case "Test11":
      return { last_more_replies: previous.map((r) => r["string"]) };
    default:
      // The reply's fields are the next call's arguments of the same names (bool, int, struct...).
      return { ...last };
  }
}

function describe(replies: readonly Record<string, unknown>[]): string {
  if (replies.length === 0) return "";
  if (replies.length === 1) {
    const values = Object.values(replies[0] as Record<string, unknown>);
    return values.length === 1 ? JSON.stringify(values[0]).replace(/^"|"$/g, "") : JSON.stringify(replies[0]);
  }
  return JSON.stringify(replies.map((r) => r["string"]));
}
