/** A ClientRequest as the interceptor chain would build it, for interceptor tests. */
import type { ClientRequest } from "../../../packages/runtime/src/client/interceptor.js";

/** A plain, non-idempotent call of `org.example.test.Get` with no options; override any field. */
export function clientRequest(overrides: Partial<ClientRequest> = {}): ClientRequest {
  return {
    method: "org.example.test.Get",
    parameters: {},
    kind: "call",
    extensions: undefined,
    signal: undefined,
    timeoutMs: undefined,
    onReply: undefined,
    idempotent: false,
    target: "test",
    values: new Map(),
    ...overrides,
  };
}
