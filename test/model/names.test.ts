import { describe, expect, it } from "vitest";
import {
  NameScope,
  anonymousTypeName,
  camelCase,
  interfacePrefix,
  moduleFileName,
  pascalCase,
  propertyKey,
  safeIdentifier,
} from "../../src/model/names.js";

describe("names", () => {
  it.each([
    ["module file", () => moduleFileName("org.example.more"), "org.example.more.ts"],
    ["module file, hyphens kept", () => moduleFileName("io.systemd.user-db"), "io.systemd.user-db.ts"],
    ["prefix from last segment", () => interfacePrefix("org.example.more"), "More"],
    ["prefix, hyphenated segment", () => interfacePrefix("io.systemd.user-db"), "UserDb"],
    ["prefix, segment starting with a digit", () => interfacePrefix("org.example.9p"), "_9p"],
    ["prefix, segment naming a global", () => interfacePrefix("org.example.promise"), "Promise_"],
    ["camelCase method", () => camelCase("GetUserInfo"), "getUserInfo"],
    ["camelCase keeps acronyms", () => camelCase("GetURL"), "getURL"],
    ["camelCase digits", () => camelCase("Test01"), "test01"],
    ["pascalCase snake field", () => pascalCase("nullable_array_struct"), "NullableArrayStruct"],
    ["pascalCase upper-case field (UAPI.20)", () => pascalCase("Foo_bar"), "FooBar"],
    ["anonymous struct in field", () => anonymousTypeName("MyType", "struct"), "MyTypeStruct"],
    [
      "anonymous in method parameters",
      () => anonymousTypeName("TestMethodParameters", "foo"),
      "TestMethodParametersFoo",
    ],
    ["reserved word", () => safeIdentifier("enum"), "enum_"],
    ["TS keyword", () => safeIdentifier("interface"), "interface_"],
    ["global the output uses", () => safeIdentifier("Record"), "Record_"],
    ["plain name untouched", () => safeIdentifier("MyType"), "MyType"],
    ["not an identifier", () => safeIdentifier("a-b"), "a_b"],
    ["leading digit", () => safeIdentifier("1x"), "_1x"],
    ["key as identifier", () => propertyKey("client_id"), "client_id"],
    ["keyword key needs no quotes", () => propertyKey("enum"), "enum"],
    ["key quoted when not an identifier", () => propertyKey("a-b"), '"a-b"'],
  ])("%s", (_name, given, want) => {
    expect(given()).toBe(want);
  });

  it("NameScope suffixes clashes in claim order", () => {
    const scope = new NameScope(["close"]);
    expect([
      scope.claim("close"),
      scope.claim("Foo"),
      scope.claim("Foo"),
      scope.claim("Foo"),
      scope.claim("delete"),
    ]).toEqual(["close_2", "Foo", "Foo_2", "Foo_3", "delete_"]);
  });
});
