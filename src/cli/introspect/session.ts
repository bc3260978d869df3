/**
 * Talking to a live service from the CLI (`info`, `pull`, `call`, `introspect`, `breaking
 * --against <address>`, ...): connect (to an address, or through `--bridge=CMD`), run, always
 * close; and turn what can go wrong into a message and an exit code.
 */
import {
  ServiceErrors,
  VarlinkClient,
  type TlsClientOptions,
  type VarlinkError,
  connectProcess,
  isErrorReply,
} from "@varlink-codegen/runtime";
import { ExitCode } from "../exit-code.js";
import { errnoNote } from "./errno-names.js";

/** What `org.varlink.service.GetInfo` returns. */
export interface ServiceInfo {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  readonly url: string;
  readonly interfaces: readonly string[];
}

/** Where a command connects: an address, or a command whose stdio speaks Varlink (`--bridge`). */
export interface Target {
  readonly address: string;
  readonly bridge?: string | undefined;
  /** Certificates for a `tls:` address (`--tls-ca`, ...). */
  readonly tls?: TlsClientOptions | undefined;
}

/** How a target is named in messages. */
export function targetName(target: string | Target): string {
  if (typeof target === "string") return target;
  return target.bridge === undefined ? target.address : `bridge '${target.bridge}'`;
}

/** Connects to `target`, runs `fn`, and closes the connection (also when `fn` throws). */
export async function withService<T>(
  target: string | Target,
  fn: (client: VarlinkClient) => Promise<T>,
): Promise<T> {
  const bridge = typeof target === "string" ? undefined : target.bridge;
  const client =
    bridge === undefined
      ? typeof target === "string"
        ? await VarlinkClient.connect(target)
        : await VarlinkClient.connect(target.address, target.tls === undefined ? {} : { tls: target.tls })
      : await VarlinkClient.connect({
          connect: (signal) => connectProcess("/bin/sh", ["-c", bridge], `bridge '${bridge}'`, signal),
        });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/**
 * The service answers GetInfo (or GetInterfaceDescription) with MethodNotImplemented or
 * MethodNotFound, as systemd 252's services do: it does not describe itself, so its interfaces
 * must be named (and methods called directly).
 */
export class NoIntrospectionError extends Error {
  constructor(
    readonly method: string,
    readonly answer: string,
  ) {
    super(`the service does not implement introspection (${method} answers ${answer})`);
    this.name = "NoIntrospectionError";
  }
}

const notImplemented = (error: unknown): error is VarlinkError =>
  isErrorReply(error) &&
  (error.error === ServiceErrors.MethodNotImplemented || error.error === ServiceErrors.MethodNotFound);

/** Calls `method`, turning "not implemented" into {@link NoIntrospectionError}. */
async function introspectionCall(
  client: VarlinkClient,
  method: string,
  parameters: object,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  try {
    return await client.call(method, parameters, { timeoutMs });
  } catch (error) {
    if (notImplemented(error)) throw new NoIntrospectionError(method, error.error.replace(/.*\./, ""));
    throw error;
  }
}

/** Calls `org.varlink.service.GetInfo`; a service without it throws {@link NoIntrospectionError}. */
export async function getInfo(client: VarlinkClient, timeoutMs: number): Promise<ServiceInfo> {
  return (await introspectionCall(
    client,
    "org.varlink.service.GetInfo",
    {},
    timeoutMs,
  )) as unknown as ServiceInfo;
}

/** Calls `org.varlink.service.GetInterfaceDescription` and returns the IDL text. */
export async function getDescription(
  client: VarlinkClient,
  name: string,
  timeoutMs: number,
): Promise<string> {
  const reply = await introspectionCall(
    client,
    "org.varlink.service.GetInterfaceDescription",
    { interface: name },
    timeoutMs,
  );
  return String(reply["description"]);
}

/** A Varlink error reply as printed: name, parameters, and the errno's name where there is one. */
export function formatErrorReply(error: VarlinkError): string {
  const note = errnoNote(error.error, error.parameters);
  return `${error.error} ${JSON.stringify(error.parameters)}${note === undefined ? "" : ` (${note})`}`;
}

/**
 * The message and exit code for an error from talking to a service: a Varlink error reply prints
 * its name and parameters (exit 1); a connection problem or timeout prints why (exit 1); a
 * malformed address is a usage error (exit 2). Anything else is not ours to explain (undefined).
 */
export function describeServiceError(error: unknown): { message: string; code: number } | undefined {
  if (isErrorReply(error)) return { message: formatErrorReply(error), code: ExitCode.Failure };
  if (!(error instanceof Error)) return undefined;
  if (error.name === "AddressError") return { message: error.message, code: ExitCode.Usage };
  if (error instanceof NoIntrospectionError) return { message: error.message, code: ExitCode.Failure };
  if (error.name === "ConnectionError" || error.name === "TimeoutError" || error.name === "ProtocolError") {
    // The runtime's message often quotes its cause already ("cannot connect to X: connect ENOENT X").
    const cause =
      error.cause instanceof Error && !error.message.includes(error.cause.message)
        ? `: ${error.cause.message}`
        : "";
    return { message: `${error.message}${cause}`, code: ExitCode.Failure };
  }
  return undefined;
}
