/** IdentityLimit: connections counted per identity key, one key per kind and connection. */
import { describe, expect, it } from "vitest";
import { IdentityLimit } from "../../packages/runtime/src/server/identity-limit.js";

type Step = [op: "admit" | "release", connection: string, kind?: string, key?: string, expected?: boolean];

const cases: { name: string; max: number; steps: Step[] }[] = [
  {
    name: "admits up to max per key, others independently",
    max: 2,
    steps: [
      ["admit", "a", "token", "alice", true],
      ["admit", "b", "token", "alice", true],
      ["admit", "c", "token", "alice", false],
      ["admit", "c", "token", "bob", true],
    ],
  },
  {
    name: "a release frees the slot",
    max: 1,
    steps: [
      ["admit", "a", "tls", "AB:CD", true],
      ["admit", "b", "tls", "AB:CD", false],
      ["release", "a"],
      ["admit", "b", "tls", "AB:CD", true],
    ],
  },
  {
    name: "the same key again on one connection is no second connection; a new key replaces the old",
    max: 1,
    steps: [
      ["admit", "a", "token", "alice", true],
      ["admit", "a", "token", "alice", true],
      ["admit", "a", "token", "bob", true],
      ["admit", "b", "token", "alice", true],
      ["admit", "b", "token", "bob", false],
    ],
  },
  {
    name: "kinds are held side by side",
    max: 1,
    steps: [
      ["admit", "a", "tls", "AB:CD", true],
      ["admit", "a", "token", "alice", true],
      ["admit", "b", "token", "alice", false],
      ["release", "a"],
      ["admit", "b", "tls", "AB:CD", true],
      ["admit", "b", "token", "alice", true],
    ],
  },
];

describe("IdentityLimit", () => {
  it.each(cases)("$name", ({ max, steps }) => {
    const limit = new IdentityLimit<string>(max);
    for (const [op, connection, kind, key, expected] of steps) {
      if (op === "release") limit.release(connection);
      else expect(limit.admit(connection, kind as string, key as string)).toBe(expected);
    }
  });

  it.each([0, -1, Number.NaN])("refuses max %s", (max) => {
    expect(() => new IdentityLimit(max)).toThrow(RangeError);
  });
});
