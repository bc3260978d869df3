/**
 * Reading a simple-mode request body: at most `limit` bytes (413 beyond, without reading the
 * rest), then it must be a JSON object, or empty (UAPI.20: equivalent to `{}`).
 */
import type { IncomingMessage } from "node:http";
import { parseJson } from "../wire/json.js";

/** The parsed parameters, or an HTTP status and message saying why there are none. */
export type BodyResult = { parameters: Record<string, unknown> } | { status: number; message: string };

/** Reads and parses the body of `req`. */
export function readParameters(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      resolve({ status: 413, message: `request body larger than ${limit} bytes` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ status: 413, message: `request body larger than ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => {
      if (!done) resolve({ status: 400, message: "request body not received" });
      done = true;
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(parse(Buffer.concat(chunks, size).toString("utf8")));
    });
  });
}

function parse(text: string): BodyResult {
  if (text.trim() === "") return { parameters: {} };
  let value: unknown;
  try {
    value = parseJson(text, true);
  } catch (error) {
    return { status: 400, message: `request body is not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { status: 400, message: "request body must be a JSON object (the method's parameters)" };
  return { parameters: value as Record<string, unknown> };
}
