/**
 * The certification client flow on the generated client (`generated/org.varlink.certification.ts`):
 * Start, Test01..Test11, End, each call built from the previous typed reply, and every reply
 * checked exactly against the certification data (the generated client also validates types).
 */
import type { VarlinkClient } from "../../src/runtime/index.js";
import { CERTIFICATION_STEPS, jsonEqual } from "./data.js";
import { CertificationClient } from "./generated/org.varlink.certification.js";

/** Outcome of a certification run. */
export interface CertificationResult {
  /** True when every reply matched and End answered `all_ok: true`. */
  readonly ok: boolean;
  /** Progress lines in the reference client's format (`Test01: 'true'` ... `End: 'true'`). */
  readonly lines: readonly string[];
  /** What went wrong, when not ok. */
  readonly failure?: string;
}

class StepFailure extends Error {}

/** Runs the certification against the server `varlink` is connected to. */
export async function runCertification(varlink: VarlinkClient): Promise<CertificationResult> {
  const client = new CertificationClient(varlink);
  const lines: string[] = [];
  /** Records a step after checking its replies against the data. */
  const check = <T extends object>(method: string, replies: T[]): T => {
    const wants = CERTIFICATION_STEPS.find((s) => s.method === method)!.replies;
    if (!jsonEqual(replies, wants)) {
      throw new StepFailure(`${method}: got ${JSON.stringify(replies)}, wants ${JSON.stringify(wants)}`);
    }
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
    for await (const reply of client.test10More({ client_id, mytype })) replies.push(reply);
    check(method, replies);
    method = "Test11";
    await client.test11Oneway({ client_id, last_more_replies: replies.map((r) => r.string) });
    lines.push("Test11: ''");
    method = "End";
    check(method, [await client.end({ client_id })]);
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
