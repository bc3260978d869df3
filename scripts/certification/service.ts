/**
 * The org.varlink.certification service on the runtime (hand-written; the code generator will
 * replace it). Every call is checked exactly against the certification data, in order, per
 * client; `End` answers `all_ok: true` only when the client made every call right.
 */
import { randomUUID } from "node:crypto";
import type { CallContext, InterfaceDefinition, MethodDefinition } from "../../src/runtime/index.js";
import { VarlinkError } from "../../src/runtime/index.js";
import {
  CERTIFICATION_ERROR,
  CERTIFICATION_IDL,
  CERTIFICATION_INTERFACE,
  CERTIFICATION_STEPS,
  CLIENT_ID_ERROR,
  jsonEqual,
} from "./data.js";

interface ClientState {
  /** Index into CERTIFICATION_STEPS of the call expected next. */
  next: number;
  ok: boolean;
  created: number;
}

/** Bounded like the reference server: at most this many clients, forgotten after a minute. */
const MAX_CLIENTS = 100;
const CLIENT_TTL_MS = 60_000;

/** The certification interface with fresh client bookkeeping. */
export function createCertificationInterface(): InterfaceDefinition {
  const clients = new Map<string, ClientState>();

  const start = (): object => {
    const now = Date.now();
    for (const [id, state] of clients) if (now - state.created > CLIENT_TTL_MS) clients.delete(id);
    if (clients.size >= MAX_CLIENTS) throw new VarlinkError(CLIENT_ID_ERROR);
    const id = randomUUID();
    clients.set(id, { next: 0, ok: true, created: now });
    return { client_id: id };
  };

  const methods: Record<string, MethodDefinition> = { Start: { handler: start } };
  CERTIFICATION_STEPS.forEach((step, index) => {
    methods[step.method] = {
      ...(step.mode === "more" ? { more: "supports" as const } : {}),
      handler: (parameters: Record<string, unknown>, context: CallContext) => {
        const id = parameters["client_id"];
        const state = typeof id === "string" ? clients.get(id) : undefined;
        if (state === undefined) throw new VarlinkError(CLIENT_ID_ERROR);
        const got = { method: context.method, mode: modeOf(context), parameters };
        const wants = {
          method: `${CERTIFICATION_INTERFACE}.${step.method}`,
          mode: step.mode,
          parameters: { client_id: id, ...step.parameters },
        };
        const inOrder = state.next === index;
        state.next = index + 1;
        if (!inOrder || !jsonEqual(got, wants)) {
          state.ok = false;
          throw new VarlinkError(CERTIFICATION_ERROR, { wants, got });
        }
        if (step.method === "End") {
          clients.delete(id as string);
          return { all_ok: state.ok };
        }
        if (step.mode === "more") return replies(step.replies);
        return step.replies[0] ?? {};
      },
    };
  });
  return { name: CERTIFICATION_INTERFACE, description: CERTIFICATION_IDL, methods };
}

function modeOf(context: CallContext): "call" | "more" | "oneway" {
  return context.oneway ? "oneway" : context.more ? "more" : "call";
}

async function* replies(values: readonly object[]): AsyncGenerator<object> {
  for (const value of values) yield value;
}
