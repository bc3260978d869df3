/**
 * The org.varlink.certification service, implemented on the generated skeleton
 * (`generated/org.varlink.certification.ts`, refreshed by `npm run golden:update`). Parameters
 * arrive already validated (strictly) by the generated code; each handler checks that its call
 * is the next one and carries exactly what this server answered before. `End` answers `all_ok: true`
 * only when the client made every call right.
 */
import { randomUUID } from "node:crypto";
import type { CallContext, InterfaceDefinition } from "../../packages/runtime/src/index.js";
import {
  CERTIFICATION_INTERFACE,
  REFERENCE_REPLIES,
  certificationSteps,
  jsonEqual,
  type CertificationReplies,
} from "./data.js";
import {
  CertificationError,
  ClientIdError,
  createCertificationDefinition,
  type CertificationService,
  type Test10Parameters,
} from "./generated/org.varlink.certification.js";

interface ClientState {
  /** Index into the steps of the call expected next. */
  next: number;
  ok: boolean;
  created: number;
}

/** Bounded like the reference server: at most this many clients, forgotten after a minute. */
const MAX_CLIENTS = 100;
const CLIENT_TTL_MS = 60_000;

/**
 * The certification interface with fresh client bookkeeping, answering `replies` (the reference
 * server's values by default; tests choose others, as another conformant server may).
 */
export function createCertificationInterface(
  replies: CertificationReplies = REFERENCE_REPLIES,
): InterfaceDefinition {
  const clients = new Map<string, ClientState>();
  const steps = certificationSteps(replies);

  /** Checks a call against its step and returns the step's replies (typed by the caller). */
  const step = <R>(method: string, parameters: { client_id: string }, context: CallContext): R[] => {
    const index = steps.findIndex((s) => s.method === method);
    const expected = steps[index]!;
    const state = clients.get(parameters.client_id);
    if (state === undefined) throw new ClientIdError();
    const got = { method: context.method, mode: modeOf(context), parameters };
    const wants = {
      method: `${CERTIFICATION_INTERFACE}.${method}`,
      mode: expected.mode,
      parameters: { client_id: parameters.client_id, ...expected.parameters },
    };
    const inOrder = state.next === index;
    state.next = index + 1;
    if (!inOrder || !jsonEqual(got, wants)) {
      state.ok = false;
      throw new CertificationError({ wants, got });
    }
    return expected.replies as R[];
  };
  const one = <R>(method: string, parameters: { client_id: string }, context: CallContext): R =>
    step<R>(method, parameters, context)[0]!;

  const service: CertificationService = {
    start() {
      const now = Date.now();
      for (const [id, state] of clients) if (now - state.created > CLIENT_TTL_MS) clients.delete(id);
      if (clients.size >= MAX_CLIENTS) throw new ClientIdError();
      const id = randomUUID();
      clients.set(id, { next: 0, ok: true, created: now });
      return { client_id: id };
    },
    test01: (p, c) => one("Test01", p, c),
    test02: (p, c) => one("Test02", p, c),
    test03: (p, c) => one("Test03", p, c),
    test04: (p, c) => one("Test04", p, c),
    test05: (p, c) => one("Test05", p, c),
    test06: (p, c) => one("Test06", p, c),
    test07: (p, c) => one("Test07", p, c),
    test08: (p, c) => one("Test08", p, c),
    test09: (p, c) => one("Test09", p, c),
    // Test10 streams, but the certification IDL does not mark it `[Supports 'more' flag]`, so its
    // handler type is a single reply; the runtime streams any async iterable a handler returns.
    test10: async function* (p: Test10Parameters, c: CallContext) {
      yield* step<{ string: string }>("Test10", p, c);
    } as unknown as CertificationService["test10"],
    test11(p, c) {
      step("Test11", p, c);
    },
    end(p, c) {
      step("End", p, c);
      const ok = clients.get(p.client_id)?.ok === true;
      clients.delete(p.client_id);
      return { all_ok: ok };
    },
  };
  return createCertificationDefinition(service);
}

function modeOf(context: CallContext): "call" | "more" | "oneway" {
  return context.oneway ? "oneway" : context.more ? "more" : "call";
}
