/**
 * UAPI.20's mapping of Varlink errors to HTTP statuses (simple mode), and the two body shapes:
 * `{"error", "parameters"}` for a Varlink error, `{"message"}` for the bridge's own failures.
 */
import type { ServerResponse } from "node:http";
import { ServiceErrors } from "../errors.js";

/** The status of a reply carrying `error` (UAPI.20, "Simple HTTP Mode"). */
export function statusOfError(error: string): number {
  switch (error) {
    case ServiceErrors.InvalidParameter:
    case ServiceErrors.ExpectedMore:
    case ServiceErrors.ExpectedUpgrade:
      return 400;
    case ServiceErrors.InterfaceNotFound:
    case ServiceErrors.MethodNotFound:
      return 404;
    case ServiceErrors.MethodNotImplemented:
      return 501;
    case ServiceErrors.PermissionDenied:
      return 403;
    default:
      return 500;
  }
}

/** Writes a whole JSON response (`body` is JSON text). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** A failure of the front itself (400, 401, 404, 413, 502, …): `{"message": …}`. */
export function sendMessage(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, JSON.stringify({ message }), headers);
}
