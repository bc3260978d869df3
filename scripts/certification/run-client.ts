/**
 * The certification client flow on the generated client (`generated/org.varlink.certification.ts`):
 * Start, Test01..Test11, End, each call built from the previous typed reply, as the reference
 * client does. Replies are checked against the interface (the generated client validates every
 * reply's types; unknown fields pass, as interface evolution allows) and against what the flow fixes: Test10 streams more than one reply,
 * End answers `all_ok: true`. The values themselves are the server's choice (varlink/go answers
 * a map with keys `foo`/`bar`, another server may not), so they are passed on, never compared
 * with one server's; the server checks that it got back what it sent, and says so in End.
 */
import type { VarlinkCaller } from "../../packages/runtime/src/index.js";
import { CertificationClient } from "./generated/org.varlink.certification.js";

/** Outcome of a certification run. */
export interface CertificationResult {
  /** True when every reply had the interface's types and End answered `all_ok: true`. */
  readonly ok: boolean;
  /** Progress lines in the reference client's format (`Test01: 'true'` ... `End: 'true'`). */
  readonly lines: readonly string[];
  /** What went wrong, when not ok. */
  readonly failure?: string;
}

class StepFailure extends Error {}

/** Runs the certification against the server `varlink` calls (a connection, a service client, an HTTP caller). */
export async function runCertification(varlink: VarlinkCaller): Promise<CertificationResult> {
  const client = new CertificationClient(varlink);
  const lines: string[] = [];
  /** Records a step's replies (already type-checked by the generated client). */
  const check = <T extends object>(method: string, replies: T[]): T => {
    lines.push(`${method}: '${describe(replies)}'`);
    return replies[0]!;
  };
  let method = "Start";
  try {
    const { client_id } = await client.start();
    lines.push(`Start: '${client_id}'`);
    method = "Test01";
    const { bool } = check(method, [await client.test01({ client_id })]);
    method = "Test02";
    const { int } = check(method, [await client.test02({ client_id, bool })]);
    method = "Test03";
    const { float } = check(method, [await client.test03({ client_id, int })]);
    method = "Test04";
    const { string } = check(method, [await client.test04({ client_id, float })]);
    method = "Test05";
    const values = check(method, [await client.test05({ client_id, string })]);
    method = "Test06";
    const { struct } = check(method, [await client.test06({ client_id, ...values })]);
    method = "Test07";
    const { map } = check(method, [await client.test07({ client_id, struct })]);
    method = "Test08";
    const { set } = check(method, [await client.test08({ client_id, map })]);
    method = "Test09";
    const { mytype } = check(method, [await client.test09({ client_id, set })]);
    method = "Test10";
    const replies = [];
    for await (const reply of client.test10({ client_id, mytype }, { more: true })) replies.push(reply);
    // The interface: "returns more than one reply with continues".
    if (replies.length < 2)
      throw new StepFailure(`Test10: got ${replies.length} replies, wants more than one`);
    check(method, replies);
    method = "Test11";
    await client.test11({ client_id, last_more_replies: replies.map((r) => r.string) }, { oneway: true });
    lines.push("Test11: ''");
    method = "End";
    const { all_ok } = check(method, [await client.end({ client_id })]);
    if (!all_ok)
      throw new StepFailure("End: all_ok is false (the server saw a call that did not pass its replies on)");
    return { ok: true, lines };
  } catch (error) {
    const failure = error instanceof StepFailure ? error.message : `${method}: ${(error as Error).message}`;
    return { ok: false, lines, failure };
  }
}

function describe(replies: readonly object[]): string {
  if (replies.length === 0) return "";
  if (replies.length === 1) {
    const values = Object.values(replies[0]!);
    return values.length === 1 ? JSON.stringify(values[0]).replace(/^"|"$/g, "") : JSON.stringify(replies[0]);
  }
  return JSON.stringify(replies.map((r) => (r as { string?: unknown }).string));
}
