/**
 * Simple HTTP mode (UAPI.20): `POST …/call/{method}` (or `…/call/{service}/{method}`) is one
 * Varlink call with the body as its parameters. The reply is unwrapped (200 with its
 * parameters, or the error's status with `{"error", "parameters"}`); `?oneway=true` answers
 * 204 once the call is written; `Accept: application/json-seq` sets `more` and streams each
 * reply as an RFC 7464 record, an error record ending the sequence.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { stringifyJson } from "../wire/json.js";
import type { VarlinkBackends } from "./backends.js";
import { callBackend, openForRequest, sendOneway } from "./backend-call.js";
import { readParameters } from "./body.js";
import { sendJson, sendMessage, statusOfError } from "./status.js";

/** RFC 7464's record separator. */
const RS = "\x1e";

/** A fully-qualified method name: an interface name, a dot, a method name. */
const METHOD = /^[A-Za-z](?:-*[A-Za-z0-9])*(?:\.[A-Za-z0-9](?:-*[A-Za-z0-9])*)+\.[A-Z][A-Za-z0-9]*$/;

/** What a simple call needs from the front. @internal */
export interface SimpleCallContext {
  readonly backends: VarlinkBackends;
  readonly maxBodySize: number;
  readonly maxMessageSize: number;
  /** Headers every response carries (CORS). */
  readonly headers: Readonly<Record<string, string>>;
}

/** True when the client asked for a JSON text sequence (streaming, `more`). */
function wantsSequence(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").toLowerCase().includes("application/json-seq");
}

/** The JSON text of a reply's parameters (`{}` when absent). */
function parametersText(message: Record<string, unknown>): string {
  const parameters = message["parameters"];
  return parameters === undefined || parameters === null ? "{}" : (stringifyJson(parameters) ?? "{}");
}

/** The `{"error", "parameters"}` body of an error reply. */
function errorText(message: Record<string, unknown>): string {
  return `{"error":${JSON.stringify(message["error"])},"parameters":${parametersText(message)}}`;
}

/**
 * Serves one call. `service` is explicit (`…/call/{service}/{method}`) or undefined (derived
 * from the method's interface, or `?service=`).
 */
export async function serveCall(
  req: IncomingMessage,
  res: ServerResponse,
  context: SimpleCallContext,
  method: string,
  explicitService: string | undefined,
  query: URLSearchParams,
): Promise<void> {
  const { headers } = context;
  if (!METHOD.test(method)) {
    sendMessage(res, 400, `'${method}' is not a fully-qualified method name`, headers);
    return;
  }
  const service = explicitService ?? query.get("service") ?? method.slice(0, method.lastIndexOf("."));
  const oneway = query.get("oneway") === "true";
  const body = await readParameters(req, context.maxBodySize);
  if ("status" in body) {
    // The rest of an oversized body is not read: the connection cannot be reused.
    if (body.status === 413) res.shouldKeepAlive = false;
    sendMessage(res, body.status, body.message, headers);
    return;
  }
  const channel = await openForRequest(res, context.backends, service, headers);
  if (channel === undefined) return;
  const stream = !oneway && wantsSequence(req);
  let call: string;
  try {
    const parameters = stringifyJson(body.parameters) ?? "{}";
    const flag = oneway ? ',"oneway":true' : stream ? ',"more":true' : "";
    call = `{"method":${JSON.stringify(method)}${parameters === "{}" ? "" : `,"parameters":${parameters}`}${flag}}`;
  } catch (error) {
    channel.destroy();
    sendMessage(res, 400, (error as Error).message, headers);
    return;
  }
  if (oneway) {
    await sendOneway(channel, call);
    res.writeHead(204, headers);
    res.end();
    return;
  }
  // Backpressure: a stream to a slow reader pauses the backend until the response drains, so
  // a fast `more` producer is held by the socket buffers, not in the bridge's memory.
  let paused = false;
  const resume = (): void => {
    paused = false;
    channel.resume();
  };
  const abandon = callBackend(channel, call, context.maxMessageSize, {
    reply(message, last) {
      if (!stream) {
        const error = message["error"];
        if (typeof error === "string") sendJson(res, statusOfError(error), errorText(message), headers);
        else sendJson(res, 200, parametersText(message), headers);
        return;
      }
      if (!res.headersSent) res.writeHead(200, { ...headers, "Content-Type": "application/json-seq" });
      const error = message["error"];
      const flowing = res.write(
        `${RS}${typeof error === "string" ? errorText(message) : parametersText(message)}\n`,
      );
      if (last) res.end();
      else if (!flowing && !paused) {
        paused = true;
        channel.pause();
        res.once("drain", resume);
      }
    },
    failed(reason) {
      if (!stream || !res.headersSent) {
        sendMessage(res, 502, `service '${service}': ${reason}`, headers);
        return;
      }
      res.end(`${RS}${JSON.stringify({ error: reason })}\n`);
    },
  });
  res.once("close", abandon);
}
