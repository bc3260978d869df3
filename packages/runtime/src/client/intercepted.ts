/**
 * The caller side of an interceptor chain: turns `call` / `callMore` / `callOneway` into a
 * {@link ClientRequest} for the chain and its {@link ClientResponse} back into what the caller
 * expects. Shared by the single-connection client and the service client.
 * @internal
 */
import type { VarlinkCaller } from "./caller.js";
import type { CallOptions } from "./client.js";
import type { CallKind, ClientRequest, ClientResponse, Invoke } from "./interceptor.js";

/** The three call shapes, through a chain. @internal */
export type InterceptedCalls = Omit<VarlinkCaller, "close">;

/** The request interceptors see for one call. @internal */
export function requestOf(
  kind: CallKind,
  method: string,
  parameters: object | undefined,
  options: CallOptions | undefined,
  target: string,
): ClientRequest {
  return {
    method,
    parameters,
    kind,
    extensions: options?.extensions,
    signal: options?.signal,
    timeoutMs: options?.timeoutMs,
    onReply: options?.onReply,
    idempotent: options?.idempotent === true,
    target,
    values: new Map(),
  };
}

/** The per-call options a request (as the last interceptor passed it on) asks for. @internal */
export function optionsOf(request: ClientRequest): CallOptions {
  const options: CallOptions = { idempotent: request.idempotent };
  if (request.signal !== undefined) options.signal = request.signal;
  if (request.timeoutMs !== undefined) options.timeoutMs = request.timeoutMs;
  if (request.extensions !== undefined) options.extensions = request.extensions;
  if (request.onReply !== undefined) options.onReply = request.onReply;
  return options;
}

/** An interceptor answered a call of one kind with a response of another: a bug in it. */
function mismatch(request: ClientRequest, response: ClientResponse): TypeError {
  return new TypeError(
    `${request.method}: an interceptor answered a '${request.kind}' call with a '${response.kind}' response`,
  );
}

/** The calls of a client whose every call goes through `invoke`. @internal */
export function interceptedCalls(invoke: Invoke, target: string): InterceptedCalls {
  return {
    // Not async: a `then` on the chain's promise, one promise and microtask turn fewer per call.
    call(method, parameters, options) {
      const request = requestOf("call", method, parameters, options, target);
      let response;
      try {
        response = invoke(request);
      } catch (error) {
        return Promise.reject(error); // an interceptor that throws rejects all the same
      }
      return response.then((answer) => {
        if (answer.kind !== "call") throw mismatch(request, answer);
        return answer.parameters;
      });
    },
    callMore(method, parameters, options) {
      // Like a direct `callMore`, nothing runs (not even the chain) until iteration starts.
      return (async function* () {
        const request = requestOf("more", method, parameters, options, target);
        const response = await invoke(request);
        if (response.kind !== "more") throw mismatch(request, response);
        yield* response.replies;
      })();
    },
    async callOneway(method, parameters, options) {
      const request = requestOf("oneway", method, parameters, options, target);
      const response = await invoke(request);
      if (response.kind !== "oneway") throw mismatch(request, response);
    },
  };
}
