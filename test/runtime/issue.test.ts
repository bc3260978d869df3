import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "../../packages/runtime/src/server/definitions.js";
import { Issue, joinPath } from "../../packages/runtime/src/validate/issue.js";
import {
  expected,
  missing,
  prefixIssues,
  unknownField,
} from "../../packages/runtime/src/validate/validate.js";

const plain = (issue: ValidationIssue | undefined) => ({ path: issue?.path, message: issue?.message });

describe("Issue (message formatted on first read)", () => {
  it.each([
    ["short string", "x", 'expected int, got "x"'],
    ["long string (described at once, cut)", "a".repeat(50), `expected int, got "${"a".repeat(40)}…"`],
    ["number", 1.5, "expected int, got 1.5"],
    ["boolean", false, "expected int, got false"],
    ["null", null, "expected int, got null"],
    ["bigint", 5n, "expected int, got 5n"],
    ["absent", undefined, "expected int, got nothing"],
    ["array", [1], "expected int, got array"],
    ["object", { a: 1 }, "expected int, got object"],
  ])("expected: %s", (_name, got, message) => {
    const issue = Issue.expected("a.b", "int", got);
    expect(issue.message).toBe(message);
    expect(issue.message).toBe(message); // cached, same text on every read
    expect(issue.path).toBe("a.b");
  });

  it("missing and constant messages", () => {
    expect(Issue.missing("x", "[]string").message).toBe("missing required field ([]string)");
    expect(Issue.of("y", "unknown field").message).toBe("unknown field");
  });

  it("reads as { path, message } through JSON, inspect and property access", () => {
    const issue = Issue.expected("mytype.enum", "enum (one, two)", "four");
    const want = { path: "mytype.enum", message: 'expected enum (one, two), got "four"' };
    expect(JSON.parse(JSON.stringify([issue]))).toEqual([want]);
    expect(inspect(issue)).toBe(inspect(want));
    expect(plain(issue)).toEqual(want);
  });

  it.each([
    ["", "first", "first"],
    ["a", "", "a"],
    ["a", "b", "a.b"],
    ["a", "[2].b", "a[2].b"],
    ["a[1]", '["k"]', 'a[1]["k"]'],
  ])("joinPath(%j, %j)", (prefix, relative, want) => {
    expect(joinPath(prefix, relative)).toBe(want);
  });
});

describe("prefixIssues", () => {
  it("rebases what nested validators recorded, level by level, and only from `from` on", () => {
    const issues: ValidationIssue[] = [];
    missing(issues, "kept", "int");
    expected(issues, "bar", "bool", "no");
    unknownField(issues, "", "extra");
    prefixIssues(issues, 1, "anon");
    prefixIssues(issues, 1, "interface");
    expect(issues.map(plain)).toEqual([
      { path: "kept", message: "missing required field (int)" },
      { path: "interface.anon.bar", message: 'expected bool, got "no"' },
      { path: "interface.anon.extra", message: "unknown field" },
    ]);
  });

  it("copies plain issues a hand-written validator pushed instead of changing them", () => {
    const mine = Object.freeze({ path: "x", message: "bad" });
    const issues: ValidationIssue[] = [mine];
    prefixIssues(issues, 0, "outer[3]");
    expect(issues[0]).toEqual({ path: "outer[3].x", message: "bad" });
    expect(mine.path).toBe("x");
  });
});
