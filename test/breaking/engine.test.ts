import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compareInterfaces,
  compareInterfaceSets,
  hasBreaking,
  ruleIds,
  typeUsage,
} from "../../src/breaking/index.js";
import { idl } from "../helpers/idl.js";
import { cases } from "./cases.js";

describe("compareInterfaces", () => {
  it("has at least 25 cases", () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const findings = compareInterfaces(idl(c.old, "old.varlink"), idl(c.new, "new.varlink"));
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.path}`)).toEqual(c.want);
    expect(hasBreaking(findings)).toBe(c.want.some((w) => w.includes(" breaking ")));
  });

  it("points removals at the old file and everything else at the new file", () => {
    const old = idl("interface a.b\nmethod A(x: int) -> ()\nmethod Gone() -> ()", "old.varlink");
    const next = idl("interface a.b\nmethod A(x: int, y: int) -> ()", "new.varlink");
    const [added, removed] = compareInterfaces(old, next);
    expect(added?.location.side).toBe("new");
    expect(added?.location.file.name).toBe("new.varlink");
    expect(next.source.text.slice(added!.location.start, added!.location.end)).toBe("y: int");
    expect(removed?.location.side).toBe("old");
    expect(old.source.text.slice(removed!.location.start, removed!.location.end)).toBe("Gone");
  });

  it("merges a change in a type used both ways into one finding with direction both", () => {
    const old = idl("interface a.b\ntype P (x: int)\nmethod A(p: P) -> (p: P)");
    const next = idl("interface a.b\ntype P (x: string)\nmethod A(p: P) -> (p: P)");
    const findings = compareInterfaces(old, next);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: "type-changed",
      code: "VL411",
      direction: "both",
      path: "P.x",
    });
    expect(findings[0]?.message).toBe(
      "'P.x' changed from int to string: the server cannot read every value the other side may send",
    );
  });

  it("walks a chain of thousands of named types without overflowing the stack", () => {
    const chain = (last: string) =>
      `interface a.b\nmethod M(t: T0) -> (t: T0)\n${Array.from(
        { length: 5000 },
        (_, i) => `type T${i} (a: ${i === 4999 ? last : `T${i + 1}`})`,
      ).join("\n")}`;
    const old = idl(chain("int"));
    expect(typeUsage(old).get("T4999")).toBe("both");
    const findings = compareInterfaces(old, idl(chain("string")));
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.path} ${f.direction}`)).toEqual([
      "type-changed breaking T4999.a both",
    ]);
  });

  it("suggests the likely new name of a removed method", () => {
    const findings = compareInterfaces(
      idl("interface a.b\nmethod Ping(x: int) -> ()"),
      idl("interface a.b\nmethod Pong(x: int) -> ()"),
    );
    expect(findings.find((f) => f.rule === "method-removed")?.hint).toBe(
      "renamed to 'Pong'? (same definition)",
    );
  });
});

describe("compareInterfaceSets", () => {
  it("pairs by name, reports added and removed interfaces, and hints at a rename", () => {
    const a = idl("interface org.a\nmethod A(x: int) -> ()", "a.varlink");
    const b = idl("interface org.b\nmethod B() -> ()", "b.varlink");
    const a2 = idl("interface org.a2\nmethod A(x: int) -> ()", "a2.varlink");
    const findings = compareInterfaceSets([a, b], [b, a2]);
    expect(findings.map((f) => [f.rule, f.severity, f.path, f.hint])).toEqual([
      ["interface-added", "safe", "org.a2", undefined],
      ["interface-removed", "breaking", "org.a", "renamed to 'org.a2'? (same members)"],
    ]);
  });

  it("compares a single pair whatever the names", () => {
    const findings = compareInterfaceSets(
      [idl("interface org.a\nmethod A() -> ()")],
      [idl("interface org.b\nmethod A() -> ()")],
    );
    expect(findings.map((f) => f.rule)).toEqual(["interface-renamed"]);
  });
});

describe("typeUsage", () => {
  it("computes the direction of every named type, through refs, errors and cycles", () => {
    const iface = idl(
      [
        "interface a.b",
        "type In (x: ?In, deep: Deep)",
        "type Deep (v: [string]int)",
        "type Out (c: (a, b))",
        "type Both (x: int)",
        "type Err (x: int)",
        "type Unused (x: int)",
        "method A(i: In, b: Both) -> (o: []Out, b: ?Both)",
        "error E (e: Err)",
      ].join("\n"),
    );
    expect(Object.fromEntries(typeUsage(iface))).toEqual({
      In: "input",
      Deep: "input",
      Out: "output",
      Both: "both",
      Err: "output",
      Unused: "unused",
    });
  });
});

describe("docs/breaking.md", () => {
  it("documents every rule id", () => {
    const doc = readFileSync(new URL("../../docs/breaking.md", import.meta.url), "utf8");
    for (const id of ruleIds) expect(doc, id).toContain(`\`${id}\``);
  });
});
