/**
 * Emitter behaviours on hand-built models (no parser involved): name clashes, method variants,
 * import aliasing, optional parameters, JSDoc. Checked on the printed text; signatures the printer
 * broke over several lines are compared with `squash` (no whitespace, no trailing commas).
 */
import { describe, expect, it } from "vitest";
import { generate } from "../../src/generator/index.js";
import type { Interface } from "../../src/model/model.js";
import {
  array,
  enumOf,
  error,
  iface,
  method,
  nullable,
  prim,
  ref,
  struct,
  typeDecl,
} from "../helpers/model-builder.js";

async function moduleText(model: Interface): Promise<string> {
  const result = await generate({
    interfaces: [model],
    options: { version: "test", runtime: "rt" },
  });
  expect(result.diagnostics).toEqual([]);
  expect(result.value.map((f) => f.path)).toEqual([`${model.name}.ts`]);
  return result.value[0]!.text;
}

/** Code without its line breaking: no whitespace, no trailing commas, no leading `|` of a union. */
function squash(code: string): string {
  return code
    .replace(/,(\s*[)>\]}])/g, "$1")
    .replace(/([:(=])\s*\|/g, "$1")
    .replace(/\s+/g, "");
}

describe("emitters", () => {
  it("alias runtime imports around declared names and suffix derived clashes", async () => {
    const text = await moduleText(
      iface("org.example.clash", [
        typeDecl("VarlinkError", struct(["bar", prim("int")])),
        typeDecl("Foo", struct(["bar", struct(["x", prim("int")])])),
        typeDecl("FooBar", struct(["y", prim("int")])),
        method("Get", struct(["foo", ref("Foo")]), struct()),
        error("Oops", struct()),
      ]),
    );
    expect(text).toMatch(/import \{[^}]*VarlinkError as VarlinkError_[^}]*\} from "rt";/);
    expect(text).toContain("export interface VarlinkError {");
    expect(text).toContain("export class Oops extends VarlinkError_ {");
    // Declared FooBar keeps its name; the anonymous Foo.bar yields.
    expect(text).toContain("export interface FooBar {");
    expect(text).toContain("bar: FooBar_2;");
    expect(text).toContain("export interface FooBar_2 {");
  });

  it("give each method one member, named without clashes, that says what the IDL says", async () => {
    const text = await moduleText(
      iface("org.example.variants", [
        method("Close", struct(), struct()),
        method("Delete", struct(), struct()),
        method("List", struct(), struct(), "supports"),
        method("Watch", struct(), struct(["n", prim("int")]), "requires"),
      ]),
    );
    const client = text.slice(
      text.indexOf("export class VariantsClient"),
      text.indexOf("export interface VariantsService"),
    );
    const members = [...client.matchAll(/^ {2}(?:static )?(?:async \*?)?(\w+)\(/gm)].map((m) => m[1]);
    // One member per method (overloads repeat the name): no …More / …Oneway twins.
    expect([...new Set(members.filter((m) => !m?.startsWith("#")))]).toEqual([
      "constructor",
      "connect",
      "close",
      "close_2",
      "delete",
      "list",
      "watch",
    ]);
    // Requires `more`: the stream only.
    expect(squash(client)).toContain(
      squash(
        "watch(parameters: WatchParameters = {}, options?: CallOptions): AsyncGenerator<WatchResult, void, undefined> {",
      ),
    );
    // Others: a plain call, `{ more: true }` streams, `{ oneway: true }` awaits nothing.
    expect(client).toContain(
      "list(parameters?: ListParameters, options?: CallOptions): Promise<ListResult>;",
    );
    expect(squash(client)).toContain(
      squash(
        "list(parameters: ListParameters, options: MoreCallOptions): AsyncGenerator<ListResult, void, undefined>;",
      ),
    );
    expect(client).toContain("list(parameters: ListParameters, options: OnewayCallOptions): Promise<void>;");
    // Handlers: requires → stream only; supports → both; unmarked → one reply.
    expect(squash(text)).toContain(
      squash("watch(parameters: WatchParameters, context: CallContext): AsyncIterable<WatchResult>;"),
    );
    expect(squash(text)).toContain(
      squash(
        "list(parameters: ListParameters, context: CallContext): ListResult | void | Promise<ListResult | void> | AsyncIterable<ListResult>;",
      ),
    );
    expect(squash(text)).toContain(
      squash(
        "delete(parameters: DeleteParameters, context: CallContext): DeleteResult | void | Promise<DeleteResult | void>;",
      ),
    );
  });

  it("pass idempotent: true for methods whose doc has an [Idempotent] line", async () => {
    const text = await moduleText(
      iface("org.example.retry", [
        { ...method("Get", struct(), struct(), undefined, "Reads.\n[Idempotent]"), idempotent: true },
        method("Put", struct(), struct()),
      ]),
    );
    const body = (name: string): string =>
      text.slice(text.indexOf(`    parameters: ${name[0]!.toUpperCase()}${name.slice(1)}Parameters = {},`));
    expect(body("get").split("\n}")[0]).toContain("{ ...options, idempotent: true }");
    expect(body("put").split("\n  }")[0]).not.toContain("idempotent");
  });

  it("makes parameters optional only when every field is nullable, and keeps docs", async () => {
    const text = await moduleText(
      iface("org.example.docs", [
        typeDecl("Mode", enumOf("on", "off"), "How it runs.\nSecond line with */ inside."),
        method(
          "Set",
          struct(["mode", nullable(ref("Mode")), "The new mode."]),
          struct(),
          undefined,
          "Sets it.",
        ),
        method("Need", struct(["mode", ref("Mode")]), struct()),
      ]),
    );
    expect(text).toContain("set(parameters?: SetParameters, options?: CallOptions): Promise<SetResult>;");
    expect(text).toContain("need(parameters: NeedParameters, options?: CallOptions): Promise<NeedResult>;");
    expect(text).toContain("Second line with *\\/ inside.");
    expect(text).toContain("/** The new mode. */");
    expect(text).toContain('export const ModeValues: readonly Mode[] = ["on", "off"];');
  });

  it("inline nested struct checks with constant paths, but call the validator of a recursive type", async () => {
    const text = await moduleText(
      iface("org.example.inline", [
        typeDecl("Leaf", struct(["x", prim("int")])),
        typeDecl(
          "Holder",
          struct(
            ["leaf", ref("Leaf")],
            ["flat", struct(["y", prim("bool")])],
            ["anon", struct(["inner", struct(["y", prim("bool")])])],
          ),
        ),
        // An anonymous struct with many fields: its own validator holds them, so it is called.
        typeDecl(
          "Wide",
          struct([
            "wide",
            struct(
              ["a", prim("int")],
              ["b", prim("int")],
              ["c", prim("int")],
              ["d", prim("int")],
              ["e", prim("int")],
            ),
          ]),
        ),
        typeDecl("Tree", struct(["value", prim("int")], ["children", array(ref("Tree"))])),
        typeDecl("A", struct(["b", nullable(ref("B"))])),
        typeDecl("B", struct(["a", nullable(ref("A"))], ["leaf", ref("Leaf")])),
        method("Get", struct(["holder", ref("Holder")], ["tree", ref("Tree")]), struct()),
      ]),
    );
    const body = (name: string): string => {
      const start = text.indexOf(`export function ${name}(`);
      expect(start).toBeGreaterThanOrEqual(0);
      const end = text.indexOf("export function", start + 1);
      return text.slice(start, end === -1 ? undefined : end);
    };
    // A small named type and a small anonymous struct: inlined, their paths joined at generation
    // time. An anonymous struct holding another is called: its own validator has the same checks
    // (and inlines the small one inside it).
    const holder = body("validateHolder");
    expect(holder).not.toMatch(/validateLeaf\(|validateHolderFlat/);
    expect(holder).toContain('fieldPath(path, "leaf.x")');
    expect(holder).toContain('fieldPath(path, "flat.y")');
    expect(holder).toContain("validateHolderAnon(");
    expect(body("validateHolderAnon")).toContain('fieldPath(path, "inner.y")');
    const wide = body("validateWide");
    expect(wide).toContain("validateWideWide(");
    expect(wide).toMatch(/prefixIssues\(issues, n\d+, fieldPath\(path, "wide"\)\)/);
    expect(body("validateWideWide")).toContain('fieldPath(path, "e")');
    // Types that reach themselves keep their calls (directly or through another type).
    expect(body("validateTree")).toContain("validateTree(");
    expect(body("validateA")).toContain("validateB(");
    const b = body("validateB");
    expect(b).toContain("validateA(");
    expect(b).toContain('fieldPath(path, "leaf.x")');
  });
});
