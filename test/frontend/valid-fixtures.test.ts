import { describe, expect, it } from "vitest";
import { loadInterface } from "../../src/model/index.js";
import { findType, isSet, membersOf, type StructType } from "../../src/model/model.js";
import { fixtureCases, fixtureSource } from "./helpers.js";

describe("valid fixtures", () => {
  it.each(fixtureCases("valid"))("%s loads without diagnostics", (name) => {
    const result = loadInterface(fixtureSource("valid", name));
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(result.value?.name).toBe(name);
  });
});

describe("valid fixture models", () => {
  const model = (name: string) => loadInterface(fixtureSource("valid", name)).value!;

  it("certification: keywords are field names, sets and nested anonymous types", () => {
    const cert = model("org.varlink.certification");
    const myType = findType(cert, "MyType")!.type as StructType;
    expect(myType.fields.map((f) => f.name)).toEqual([
      "object",
      "enum",
      "struct",
      "array",
      "dictionary",
      "stringset",
      "nullable",
      "nullable_array_struct",
      "interface",
    ]);
    expect(isSet(myType.fields.find((f) => f.name === "stringset")!.type)).toBe(true);
    expect(myType.fields[1]!.type.kind).toBe("enum");
    const foo = (findType(cert, "Interface")!.type as StructType).fields[0]!.type;
    // ?[]?[string](foo, bar, baz)
    expect(foo.kind).toBe("nullable");
    expect(foo.kind === "nullable" && foo.inner.kind === "array" && foo.inner.element.kind).toBe("nullable");
    expect(membersOf(cert, "method").map((m) => m.name)).toContain("Test11");
    expect(cert.doc?.split("\n")[0]).toBe("Interface to test varlink implementations against.");
    expect(cert.doc?.split("\n")).toContain("");
  });

  it("systemd: more and upgrade flags and doc comments on members, fields and enum values", () => {
    const sd = model("io.systemd.example");
    const methods = membersOf(sd, "method");
    expect(methods.map((m) => [m.name, m.more, m.upgrade])).toEqual([
      ["List", "supports", undefined],
      ["Subscribe", "requires", undefined],
      ["Describe", undefined, undefined],
      ["AttachConsole", undefined, "requires"],
      ["Reload", undefined, undefined],
    ]);
    expect(methods[0]!.doc).toBe(
      "Lists units. Without 'more' the first unit is returned.\n[Supports 'more' flag]",
    );
    expect(methods[0]!.input.fields[0]!.doc).toBe("Only units whose names match this glob.");
    const unitType = findType(sd, "UnitType")!.type;
    expect(unitType.kind === "enum" && unitType.values.map((v) => v.doc)).toEqual([
      "A service process.",
      undefined,
      "A timer that starts another unit.",
    ]);
    const unit = findType(sd, "Unit")!.type as StructType;
    expect(unit.fields.map((f) => f.name)).toContain("MainPID");
    expect(unit.fields.find((f) => f.name === "type")!.doc).toBeUndefined();
  });

  it("members keep source order and spans point at their names", () => {
    const more = model("org.example.more");
    expect(more.members.map((m) => `${m.kind} ${m.name}`)).toEqual([
      "type State",
      "method Ping",
      "method TestMore",
      "method StopServing",
      "error TestMoreError",
    ]);
    for (const m of more.members)
      expect(more.source.text.slice(m.nameSpan.start, m.nameSpan.end)).toBe(m.name);
  });
});
