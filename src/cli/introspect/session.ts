/**
 * Talking to a live service from the CLI (`info`, `pull`, `call`, `breaking --against <address>`):
 * connect, run, always close; and turn what can go wrong into a message and an exit code.
 */
import { VarlinkClient, VarlinkError } from "../../runtime/index.js";
import { ExitCode } from "../exit-code.js";

/** What `org.varlink.service.GetInfo` returns. */
export interface ServiceInfo {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  readonly url: string;
  readonly interfaces: readonly string[];
}

/** Connects to `address`, runs `fn`, and closes the connection (also when `fn` throws). */
export async function withService<T>(address: string, fn: (client: VarlinkClient) => Promise<T>): Promise<T> {
  const client = await VarlinkClient.connect(address);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Calls `org.varlink.service.GetInfo`. */
export async function getInfo(client: VarlinkClient, timeoutMs: number): Promise<ServiceInfo> {
  return (await client.call("org.varlink.service.GetInfo", {}, { timeoutMs })) as unknown as ServiceInfo;
}

/** Calls `org.varlink.service.GetInterfaceDescription` and returns the IDL text. */
export async function getDescription(
  client: VarlinkClient,
  name: string,
  timeoutMs: number,
): Promise<string> {
  const reply = await client.call(
    "org.varlink.service.GetInterfaceDescription",
    { interface: name },
    { timeoutMs },
  );
  return String(reply["description"]);
}

/**
 * The message and exit code for an error from talking to a service: a Varlink error reply prints
 * its name and parameters (exit 1); a connection problem or timeout prints why (exit 1); a
 * malformed address is a usage error (exit 2). Anything else is not ours to explain (undefined).
 */
export function describeServiceError(error: unknown): { message: string; code: number } | undefined {
  if (error instanceof VarlinkError) {
    return { message: `${error.error} ${JSON.stringify(error.parameters)}`, code: ExitCode.Failure };
  }
  if (!(error instanceof Error)) return undefined;
  if (error.name === "AddressError") return { message: error.message, code: ExitCode.Usage };
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
