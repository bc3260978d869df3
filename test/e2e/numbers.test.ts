/**
 * Ints, floats and `__proto__` keys over a real unix socket, byte for byte: a raw peer talks to a
 * generated server and to a generated client, in number mode and in bigint mode (issue 10,
 * UAPI.20: ints within what we represent exactly, never NaN/±Infinity, no prototype keys).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";
import { exchange } from "../hardening/wire.js";
import { rawServer } from "../helpers/raw-server.js";

interface Seen {
  assignKeptPrototype: boolean[];
  calls: number;
}
interface Scenario {
  serveEcho(
    address: string,
    bad?: "nan" | "infinity",
  ): Promise<{ address: string; seen: Seen; close(): Promise<void> }>;
  callTest06(address: string, int: unknown, float: unknown): Promise<unknown>;
  callTest02(address: string): Promise<unknown>;
}

const scenarios: Record<"number" | "bigint", Scenario> = {} as never;
const projects: GeneratedProject[] = [];
let dir: string;
let socketCount = 0;
const nextAddress = (): string => `unix:${join(dir, `s${socketCount++}.sock`)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vl-numbers-"));
  for (const int of ["number", "bigint"] as const) {
    const project = await buildProject(
      ["org.varlink.certification"],
      ["test/e2e/scenarios/numbers-scenario.ts"],
      { int },
    );
    projects.push(project);
    scenarios[int] = await project.load<Scenario>("numbers-scenario.ts");
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(projects.map((p) => p.remove()));
  await rm(dir, { recursive: true, force: true });
});

const invalid = (parameter: string): string =>
  `{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":${JSON.stringify(parameter)}}}`;
const echoed = (int: string, float = "1.5"): string =>
  `{"parameters":{"struct":{"bool":true,"int":${int},"float":${float},"string":"s"}}}`;
const test06 = (int: string, float = "1.5"): string =>
  `{"method":"org.varlink.certification.Test06","parameters":{"client_id":"c","bool":true,"int":${int},"float":${float},"string":"s"}}\0`;

/** Sends one raw call to a fresh echo server of `mode` and returns the reply text. */
async function serverReply(mode: "number" | "bigint", call: string, bad?: "nan" | "infinity") {
  const server = await scenarios[mode].serveEcho(nextAddress(), bad);
  try {
    const { replies, closed } = await exchange(server.address, call, { expectReplies: 1, waitMs: 60_000 });
    return { reply: replies[0], closed, seen: server.seen };
  } finally {
    await server.close();
  }
}

describe("a generated server reads ints and floats exactly or refuses them", () => {
  it.each([
    ["largest safe int", "number", "9007199254740991", echoed("9007199254740991")],
    ["INT64_MAX", "number", "9223372036854775807", invalid("int")],
    ["INT64_MIN", "number", "-9223372036854775808", invalid("int")],
    ["UINT64_MAX", "number", "18446744073709551615", invalid("int")],
    ["2^64", "number", "18446744073709551616", invalid("int")],
    ["1e300", "number", "1e300", invalid("int")],
    ["-0", "number", "-0", echoed("0")],
    ["1.5", "number", "1.5", invalid("int")],
    ['"123"', "number", '"123"', invalid("int")],
    ["INT64_MAX", "bigint", "9223372036854775807", echoed("9223372036854775807")],
    ["INT64_MIN", "bigint", "-9223372036854775808", echoed("-9223372036854775808")],
    ["UINT64_MAX", "bigint", "18446744073709551615", echoed("18446744073709551615")],
    ["2^64", "bigint", "18446744073709551616", invalid("int")],
    ["1e300", "bigint", "1e300", invalid("int")],
    ["-0", "bigint", "-0", echoed("0")],
    ["1.5", "bigint", "1.5", invalid("int")],
    ['"123"', "bigint", '"123"', echoed("123")],
    ['"INT64_MAX" (string form)', "bigint", '"9223372036854775807"', echoed("9223372036854775807")],
  ] as const)(
    "%s in %s mode",
    async (_name, mode, int, want) => {
      const { reply, closed } = await serverReply(mode, test06(int));
      expect(reply).toBe(want);
      expect(closed).toBe(false);
    },
    60_000,
  );

  it.each([
    ["1e400 (Infinity after JSON.parse)", "number", "1e400", invalid("float")],
    ["-1e400", "bigint", "-1e400", invalid("float")],
    ["a float written with 20 digits", "bigint", "12345678901234567890", echoed("7", "12345678901234567000")],
    ["a float written with 20 digits", "number", "12345678901234567890", echoed("7", "12345678901234567000")],
  ] as const)(
    "float %s in %s mode",
    async (_name, mode, float, want) => {
      const { reply } = await serverReply(mode, test06("7", float));
      expect(reply).toBe(want);
    },
    60_000,
  );

  it.each(["nan", "infinity"] as const)(
    "a handler answering float %s gets InternalError, never null",
    async (bad) => {
      for (const mode of ["number", "bigint"] as const) {
        const call = `{"method":"org.varlink.certification.Test03","parameters":{"client_id":"c","int":1}}\0`;
        const { reply, closed } = await serverReply(mode, call, bad);
        expect(reply).toBe('{"error":"org.varlink.service.InternalError","parameters":{}}');
        expect(closed).toBe(false);
      }
    },
    60_000,
  );

  it.each([
    ["set", "Test09", '{"client_id":"c","set":{"__proto__":{}}}', 'set["__proto__"]'],
    ["map", "Test08", '{"client_id":"c","map":{"__proto__":"x"}}', 'map["__proto__"]'],
    ["map, key escaped", "Test08", '{"client_id":"c","map":{"\\u005f_proto__":"x"}}', 'map["__proto__"]'],
    [
      "object",
      "Test10",
      '{"client_id":"c","mytype":{"object":{"a":[{"__proto__":{}}]},"enum":"one","struct":{"first":1,"second":"s"},"array":[],"dictionary":{},"stringset":{},"interface":{"anon":{"foo":true,"bar":false}}}}',
      'mytype.object.a[0]["__proto__"]',
    ],
  ])(
    "a __proto__ key in a %s is InvalidParameter and never reaches the handler",
    async (_n, method, params, path) => {
      for (const mode of ["number", "bigint"] as const) {
        const call = `{"method":"org.varlink.certification.${method}","parameters":${params}}\0`;
        const { reply, seen } = await serverReply(mode, call);
        expect(reply).toBe(invalid(path));
        expect(seen.calls).toBe(0);
      }
    },
    60_000,
  );

  it("a handler copying a set with Object.assign keeps an ordinary prototype", async () => {
    const call = `{"method":"org.varlink.certification.Test09","parameters":{"client_id":"c","set":{"a":{}}}}\0`;
    const { reply, seen } = await serverReply("number", call);
    expect(reply).toBe('{"parameters":{"mytype":{}}}');
    expect(seen.assignKeptPrototype).toEqual([true]);
  }, 60_000);
});

describe("a generated client reads ints exactly or refuses the reply", () => {
  const rejected = "ReplyValidationError";
  it.each([
    ["INT64_MAX", "number", "9223372036854775807", rejected],
    ["UINT64_MAX", "number", "18446744073709551615", rejected],
    ["2^64", "number", "18446744073709551616", rejected],
    ["1e300", "number", "1e300", rejected],
    ["-0", "number", "-0", -0],
    ["1.5", "number", "1.5", rejected],
    ['"123"', "number", '"123"', rejected],
    ["INT64_MAX", "bigint", "9223372036854775807", 9223372036854775807n],
    ["INT64_MIN", "bigint", "-9223372036854775808", -9223372036854775808n],
    ["UINT64_MAX", "bigint", "18446744073709551615", 18446744073709551615n],
    ["2^64", "bigint", "18446744073709551616", rejected],
    ["1e300", "bigint", "1e300", rejected],
    ["-0", "bigint", "-0", 0n],
    ["1.5", "bigint", "1.5", rejected],
    ['"123"', "bigint", '"123"', 123n],
  ] as const)(
    "%s in %s mode",
    async (_name, mode, int, want) => {
      const server = await rawServer(nextAddress(), `{"parameters":{"int":${int}}}`);
      try {
        const got = await scenarios[mode].callTest02(server.address).catch((e: Error) => e.name);
        expect(got).toBe(want);
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});

describe("a generated client refuses a reply holding a __proto__ key", () => {
  it.each(["number", "bigint"] as const)(
    "even as an undeclared field (%s mode)",
    async (mode) => {
      const server = await rawServer(nextAddress(), '{"parameters":{"int":1,"__proto__":{"admin":true}}}');
      try {
        const got = await scenarios[mode].callTest02(server.address).catch((e: Error) => e.message);
        expect(got).toBe(
          'invalid reply from org.varlink.certification.Test02: ["__proto__"]: key not accepted',
        );
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});

describe("a generated client sends ints exactly and never NaN or Infinity", () => {
  it.each([
    ["INT64_MAX", "bigint", 9223372036854775807n, 1.5, '"int":9223372036854775807,"float":1.5'],
    ["INT64_MIN", "bigint", -9223372036854775808n, 1.5, '"int":-9223372036854775808,"float":1.5'],
    ["UINT64_MAX", "bigint", 18446744073709551615n, 1.5, '"int":18446744073709551615,"float":1.5'],
    ["2^64", "bigint", 2n ** 64n, 1.5, "TypeError"],
    ["float NaN", "bigint", 1n, NaN, "TypeError"],
    ["float Infinity", "number", 1, Infinity, "TypeError"],
    ["int NaN", "number", NaN, 1.5, "TypeError"],
    ["float -Infinity", "number", 1, -Infinity, "TypeError"],
    ["a safe int", "number", 42, 2.5, '"int":42,"float":2.5'],
  ] as const)(
    "%s in %s mode",
    async (_name, mode, int, float, want) => {
      const server = await rawServer(
        nextAddress(),
        `{"parameters":{"struct":{"bool":true,"int":1,"float":1,"string":"s"}}}`,
      );
      try {
        const outcome = await scenarios[mode].callTest06(server.address, int, float).then(
          () => "sent",
          (e: Error) => e.name,
        );
        if (want === "TypeError") {
          expect(outcome).toBe("TypeError");
          expect(server.received).toEqual([]);
        } else {
          expect(outcome).toBe("sent");
          expect(server.received[0]).toContain(want);
        }
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});
