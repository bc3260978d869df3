/**
 * E2E scenario for org.example.more, compiled together with the generated module (it is not part
 * of the repo's own type-check: it imports files that exist only in the generated project).
 * Written as a user would: typed handlers, typed calls, errors narrowed by the generated guards.
 */
import {
  MoreClient,
  MoreDescription,
  TestMoreError,
  isTestMoreError,
  registerMoreService,
  type MoreService,
  type State,
} from "./org.example.more.js";
import {
  VarlinkServer,
  isInvalidParameter,
  isMethodNotFound,
  isReplyValidationError,
} from "./runtime/index.js";

/** What the server saw, for the test to check. */
export interface ServerLog {
  readonly oneway: Promise<void>;
}

/** Starts a server for org.example.more on each address; returns it, the bound addresses and a log. */
export async function startServer(
  addresses: readonly string[],
): Promise<{ server: VarlinkServer; bound: string[]; log: ServerLog }> {
  let stopped!: () => void;
  const oneway = new Promise<void>((resolve) => (stopped = resolve));
  const service: Partial<MoreService> = {
    ping({ ping }) {
      if (ping === "fail") throw new TestMoreError({ reason: "asked to fail" });
      // A wrong reply type, to exercise the client's reply validation.
      if (ping === "bad reply") return { pong: 42 } as unknown as { pong: string };
      return { pong: ping };
    },
    // TestMore streams without `[Supports 'more' flag]` in the IDL, so its handler type is a
    // single reply; the runtime streams any async iterable a handler returns to a `more` call.
    testMore: async function* ({ n }: { n: number }): AsyncGenerator<{ state: State }> {
      yield { state: { start: true } };
      for (let i = 1; i <= n; i++) yield { state: { progress: Math.round((i * 100) / n) } };
      yield { state: { end: true } };
    } as unknown as MoreService["testMore"],
    stopServing() {
      stopped();
    },
  };
  const server = new VarlinkServer({
    vendor: "test",
    product: "more",
    version: "1",
    url: "https://example.org",
  });
  registerMoreService(server, service);
  const bound: string[] = [];
  for (const address of addresses) bound.push((await server.listen(address)).address);
  return { server, bound, log: { oneway } };
}

/** Runs every client case against `address` and returns what happened. */
export async function runClient(address: string): Promise<Record<string, unknown>> {
  const client = await MoreClient.connect(address);
  try {
    const out: Record<string, unknown> = {};
    out["ping"] = (await client.ping({ ping: "hello" })).pong;
    const states: State[] = [];
    for await (const reply of client.testMore({ n: 2 }, { more: true })) states.push(reply.state);
    out["more"] = states;
    await client.stopServing({}, { oneway: true });
    out["oneway"] = "sent";
    try {
      await client.ping({ ping: "fail" });
    } catch (e) {
      // The guard narrows: `e.parameters.reason` is a string here.
      out["declaredError"] = isTestMoreError(e)
        ? { reason: e.parameters.reason, typed: e instanceof TestMoreError }
        : String(e);
    }
    try {
      await client.varlink.call("org.example.more.TestMore", { n: "three" });
    } catch (e) {
      out["invalidParameter"] = isInvalidParameter(e) ? e.parameters.parameter : String(e);
    }
    try {
      await client.varlink.call("org.example.more.Ping", { ping: "x", extra: true });
    } catch (e) {
      out["unknownParameter"] = isInvalidParameter(e) ? e.parameters.parameter : String(e);
    }
    try {
      await client.varlink.call("org.example.more.Nope", {});
    } catch (e) {
      out["unknownMethod"] = isMethodNotFound(e) ? e.parameters.method : String(e);
    }
    try {
      await client.ping({ ping: "bad reply" });
    } catch (e) {
      // Read as a caller would: issue messages are getters (formatted on first read).
      out["badReply"] = isReplyValidationError(e)
        ? e.issues.map(({ path, message }) => ({ path, message }))
        : String(e);
    }
    const described = await client.varlink.call("org.varlink.service.GetInterfaceDescription", {
      interface: "org.example.more",
    });
    out["description"] = described["description"] === MoreDescription;
    const lenient = new MoreClient(client.varlink, { validateReplies: false });
    out["unchecked"] = (await lenient.ping({ ping: "bad reply" })).pong;
    return out;
  } finally {
    await client.close();
  }
}

/**
 * A monitoring-style stream served with `streamEnd: { testMore: "return" }`: the handler yields
 * one value, then waits for an event that the client triggers only once it has that value. With
 * the default ("last-yield") the value would be held back until the next one: the client would
 * time out. Returns the states the client received.
 */
export async function streamAtOnce(address: string): Promise<State[]> {
  let release!: () => void;
  const event = new Promise<void>((resolve) => (release = resolve));
  const server = new VarlinkServer({
    vendor: "test",
    product: "more",
    version: "1",
    url: "https://example.org",
  });
  const service: Partial<MoreService> = {
    // Unmarked in the IDL (see above): cast.
    testMore: async function* () {
      yield { state: { start: true } };
      await event;
      return { state: { end: true } };
    } as unknown as MoreService["testMore"],
  };
  registerMoreService(server, service, { streamEnd: { testMore: "return" } });
  const client = await MoreClient.connect((await server.listen(address)).address);
  try {
    const states: State[] = [];
    for await (const { state } of client.testMore({ n: 1 }, { more: true, timeoutMs: 5 * 60_000 })) {
      states.push(state);
      release();
    }
    return states;
  } finally {
    release(); // lets the handler end, so the graceful close does not wait for it
    await client.close();
    await server.close();
  }
}
