/**
 * The introspection routes of UAPI.20: `GET …/services` (the names), `…/services/{service}`
 * (`org.varlink.service.GetInfo` unwrapped) and `…/services/{service}/{interface}` (the method
 * names of the interface, from `GetInterfaceDescription`).
 */
import type { ServerResponse } from "node:http";
import { stringifyJson } from "../wire/json.js";
import type { VarlinkBackends } from "./backends.js";
import { callBackend, openForRequest } from "./backend-call.js";
import { sendJson, sendMessage, statusOfError } from "./status.js";

/** What introspection needs from the front. @internal */
export interface IntrospectionContext {
  readonly backends: VarlinkBackends;
  readonly maxMessageSize: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** `GET …/services`. */
export async function serveServiceList(res: ServerResponse, context: IntrospectionContext): Promise<void> {
  let services: readonly string[];
  try {
    services = await context.backends.services();
  } catch (error) {
    sendMessage(res, 502, `cannot list the services: ${(error as Error).message}`, context.headers);
    return;
  }
  sendJson(res, 200, JSON.stringify({ services }), context.headers);
}

/**
 * The method names an interface description declares, in order: every `method Name` that
 * starts a line (comments start with `#`, so a doc comment mentioning "method" is not one).
 * @internal
 */
export function methodNames(description: string): string[] {
  return [...description.matchAll(/^[ \t]*method[ \t]+([A-Za-z0-9]+)/gm)].map((m) => m[1] as string);
}

/** `GET …/services/{service}` and `…/services/{service}/{interface}`. */
export async function serveServiceInfo(
  res: ServerResponse,
  context: IntrospectionContext,
  service: string,
  iface: string | undefined,
): Promise<void> {
  const { headers } = context;
  const channel = await openForRequest(res, context.backends, service, headers);
  if (channel === undefined) return;
  const call =
    iface === undefined
      ? '{"method":"org.varlink.service.GetInfo"}'
      : `{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":${JSON.stringify(iface)}}}`;
  const abandon = callBackend(channel, call, context.maxMessageSize, {
    reply(message) {
      const error = message["error"];
      const parameters = (message["parameters"] ?? {}) as Record<string, unknown>;
      if (typeof error === "string") {
        const body = `{"error":${JSON.stringify(error)},"parameters":${stringifyJson(parameters) ?? "{}"}}`;
        sendJson(res, statusOfError(error), body, headers);
      } else if (iface === undefined) sendJson(res, 200, stringifyJson(parameters) ?? "{}", headers);
      else {
        const description = parameters["description"];
        if (typeof description !== "string") {
          sendMessage(res, 502, `service '${service}' sent no interface description`, headers);
          return;
        }
        sendJson(res, 200, JSON.stringify({ methods: methodNames(description) }), headers);
      }
    },
    failed(reason) {
      sendMessage(res, 502, `service '${service}': ${reason}`, headers);
    },
  });
  res.once("close", abandon);
}
