/**
 * Only handlers a service declares may answer: an IDL method named like a member every object
 * inherits (`ValueOf`, `ToString`, `HasOwnProperty`, ...) that the service leaves out answers
 * `MethodNotImplemented`. Before, `Object.prototype.valueOf` answered `ValueOf` with the service
 * object itself, its fields (a token) included. Generated code, bundled with esbuild, served on a
 * unix socket.
 */
import { build } from "esbuild";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/generator/index.js";
import { idl } from "../helpers/idl.js";
import { scratchRoot } from "../helpers/tsc.js";

const IDL = `interface org.example.inherited

method Ping() -> (pong: string)
method ValueOf() -> (value: string)
method ToString() -> (text: string)
method ToLocaleString() -> (text: string)
method HasOwnProperty(name: string) -> (has: bool)
method IsPrototypeOf() -> ()
method PropertyIsEnumerable() -> ()
method Constructor() -> ()
method Call() -> ()
method Apply() -> ()
method Bind() -> ()
`;

const INHERITED = [
  "ValueOf",
  "ToString",
  "ToLocaleString",
  "HasOwnProperty",
  "IsPrototypeOf",
  "PropertyIsEnumerable",
  "Constructor",
  "Call",
  "Apply",
  "Bind",
];

interface Client {
  call(method: string, parameters?: object): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}
interface Bundle {
  VarlinkServer: new (options: object) => {
    addInterface(definition: object): void;
    listen(address: string): Promise<unknown>;
    close(): Promise<void>;
  };
  VarlinkClient: { connect(address: string): Promise<Client> };
  createInheritedDefinition(service: object): {
    methods: Record<string, { handler?: unknown }>;
  };
}

let dir: string;
let bundle: Bundle;

beforeAll(async () => {
  await mkdir(scratchRoot(), { recursive: true });
  dir = await mkdtemp(join(scratchRoot(), "inherited-"));
  const result = await generate({ interfaces: [idl(IDL)], options: {} });
  expect(result.diagnostics).toEqual([]);
  for (const file of result.value) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.text);
  }
  await writeFile(
    join(dir, "entry.ts"),
    'export * from "./org.example.inherited.js";\nexport { VarlinkClient, VarlinkServer } from "./runtime/index.js";\n',
  );
  await build({
    entryPoints: [join(dir, "entry.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: join(dir, "bundle.mjs"),
    logLevel: "silent",
  });
  bundle = (await import(pathToFileURL(join(dir, "bundle.mjs")).href)) as Bundle;
}, 120_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

class ClassService {
  readonly apiToken = "secret-token";
  ping(): { pong: string } {
    return { pong: this.apiToken.length > 0 ? "class" : "" };
  }
}

function nullPrototypeService(): object {
  const service = Object.create(null) as Record<string, unknown>;
  service["apiToken"] = "secret-token";
  service["ping"] = () => ({ pong: "null-prototype" });
  return service;
}

const functionService = Object.assign(() => undefined, { ping: () => ({ pong: "function" }) });

const services: [string, () => object, string][] = [
  ["a class instance", () => new ClassService(), "class"],
  ["a plain object", () => ({ apiToken: "secret-token", ping: () => ({ pong: "plain" }) }), "plain"],
  ["a null-prototype object", nullPrototypeService, "null-prototype"],
  ["a function object", () => functionService, "function"],
];

describe("inherited members never answer as handlers", () => {
  it.each(services)("%s: only ping has a handler", (_what, make) => {
    const methods = bundle.createInheritedDefinition(make()).methods;
    expect(Object.keys(methods).filter((m) => methods[m]!.handler !== undefined)).toEqual(["Ping"]);
  });

  it.each(services)(
    "%s over a unix socket: inherited names answer MethodNotImplemented, ping answers",
    async (_what, make, pong) => {
      const server = new bundle.VarlinkServer({
        vendor: "test",
        product: "inherited",
        version: "1",
        url: "",
      });
      server.addInterface(bundle.createInheritedDefinition(make()));
      const address = `unix:${join(dir, `${pong}.sock`)}`;
      await server.listen(address);
      const client = await bundle.VarlinkClient.connect(address);
      try {
        expect(await client.call("org.example.inherited.Ping")).toEqual({ pong });
        for (const method of INHERITED) {
          const parameters = method === "HasOwnProperty" ? { name: "apiToken" } : {};
          const error = await client.call(`org.example.inherited.${method}`, parameters).then(
            (reply) => ({ reply }),
            (e: { name?: string; error?: string }) => e.error ?? e.name,
          );
          expect([method, error]).toEqual([method, "org.varlink.service.MethodNotImplemented"]);
        }
      } finally {
        await client.close();
        await server.close();
      }
    },
    60_000,
  );

  it("declared handlers still answer: a class's own method, an inherited base-class method", async () => {
    class Base {
      ping(): { pong: string } {
        return { pong: "base" };
      }
    }
    class Derived extends Base {
      override valueOf(): { value: string } {
        return { value: "declared" };
      }
    }
    const methods = bundle.createInheritedDefinition(new Derived()).methods;
    expect(Object.keys(methods).filter((m) => methods[m]!.handler !== undefined)).toEqual([
      "Ping",
      "ValueOf",
    ]);
  });
});
