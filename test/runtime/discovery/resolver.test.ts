import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VarlinkError } from "../../../packages/runtime/src/errors.js";
import { resolverEndpoints } from "../../../packages/runtime/src/client/discovery/resolver.js";
import { type EndpointEvents, watchSource } from "../../helpers/endpoint-events.js";
import { type FakeResolver, startResolver } from "../../helpers/fake-resolver.js";

let dir: string;
let resolver: FakeResolver;
let watching: EndpointEvents[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "varlink-resolver-"));
  resolver = await startResolver(`unix:${join(dir, "org.varlink.resolver")}`);
});
afterEach(async () => {
  for (const events of watching) events.stop();
  watching = [];
  await resolver.server.close();
  await rm(dir, { recursive: true, force: true });
});

function watch(options: Parameters<typeof resolverEndpoints>[0]): EndpointEvents {
  const events = watchSource(resolverEndpoints(options));
  watching.push(events);
  return events;
}

describe("resolverEndpoints against a VarlinkServer serving org.varlink.resolver", () => {
  it("reports the address the resolver names for the interface", async () => {
    resolver.table.set("io.example.user", "tcp:10.0.0.7:8080");
    const events = watch({ interface: "io.example.user", resolver: resolver.address });
    expect(await events.next()).toEqual({ addresses: ["tcp:10.0.0.7:8080"] });
  });

  it("asks again on its period and reports a moved service", async () => {
    resolver.table.set("io.example.user", "unix:/run/a");
    const events = watch({ interface: "io.example.user", resolver: resolver.address, refreshMs: 20 });
    expect(await events.next()).toEqual({ addresses: ["unix:/run/a"] });
    resolver.table.set("io.example.user", "unix:/run/b");
    expect(await events.next()).toEqual({ addresses: ["unix:/run/b"] });
  });

  it("asks again at once on refresh()", async () => {
    resolver.table.set("io.example.user", "unix:/run/a");
    const source = resolverEndpoints({
      interface: "io.example.user",
      resolver: resolver.address,
      refreshMs: 3_600_000,
    });
    const events = watchSource(source);
    watching.push(events);
    expect(await events.next()).toEqual({ addresses: ["unix:/run/a"] });
    resolver.table.set("io.example.user", "unix:/run/b");
    source.refresh();
    expect(await events.next()).toEqual({ addresses: ["unix:/run/b"] });
    expect(resolver.calls()).toBe(2);
  });

  it("reports InterfaceNotFound as an error and keeps the last address", async () => {
    resolver.table.set("io.example.user", "unix:/run/a");
    const events = watch({ interface: "io.example.user", resolver: resolver.address, refreshMs: 20 });
    expect(await events.next()).toEqual({ addresses: ["unix:/run/a"] });
    resolver.table.delete("io.example.user");
    const failed = await events.next();
    expect((failed as { error: VarlinkError }).error.error).toBe("org.varlink.resolver.InterfaceNotFound");
    resolver.table.set("io.example.user", "unix:/run/a");
    const calls = resolver.calls();
    // Back again with the same address: asked again, nothing new reported.
    await resolver.waitForCalls(calls + 2);
    expect(events.events.filter((event) => "addresses" in event)).toHaveLength(1);
  });

  it("reports an address it cannot parse as an error", async () => {
    resolver.table.set("io.example.user", "carrier-pigeon:home");
    const events = watch({ interface: "io.example.user", resolver: resolver.address });
    const event = await events.next();
    expect((event as { error: Error }).error.name).toBe("AddressError");
  });

  it("reports an unreachable resolver as an error", async () => {
    const events = watch({ interface: "io.example.user", resolver: `unix:${join(dir, "nobody-here")}` });
    const event = await events.next();
    expect((event as { error: Error }).error.name).toBe("ConnectionError");
  });
});

describe("a watching source and the process", () => {
  it("does not keep the process alive (timers unref'd)", { timeout: 60_000 }, async () => {
    // A child watches an unreachable resolver: it fails, schedules a retry, and must still exit.
    const script = [
      `import { resolverEndpoints } from ${JSON.stringify(new URL("../../../packages/runtime/src/client/discovery/resolver.ts", import.meta.url).href)};`,
      `resolverEndpoints({ interface: "io.example.user", resolver: "unix:${join(dir, "nobody-here")}" })`,
      `  .subscribe(() => {}, () => console.log("failed"));`,
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(output).toBe("failed\n");
    expect(code).toBe(0);
  });
});
