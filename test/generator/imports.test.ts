import { expect, it } from "vitest";
import { ImportCollector } from "../../src/generator/imports.js";
import { NameScope } from "../../src/model/names.js";

it("dedupes, sorts, splits type imports and aliases around local names", () => {
  const scope = new NameScope();
  scope.claim("VarlinkError"); // a Varlink type of that name was declared
  const imports = new ImportCollector(scope);
  expect(imports.value("./runtime/index.js", "VarlinkClient")).toBe("VarlinkClient");
  expect(imports.type("./runtime/index.js", "CallOptions")).toBe("CallOptions");
  expect(imports.value("./runtime/index.js", "VarlinkError")).toBe("VarlinkError_");
  expect(imports.type("./runtime/index.js", "VarlinkClient")).toBe("VarlinkClient");
  expect(imports.type("./a.js", "A")).toBe("A");
  expect(imports.structures()).toEqual([
    { kind: 16, moduleSpecifier: "./a.js", isTypeOnly: true, namedImports: [{ name: "A" }] },
    {
      kind: 16,
      moduleSpecifier: "./runtime/index.js",
      isTypeOnly: false,
      namedImports: [
        { name: "CallOptions", isTypeOnly: true },
        { name: "VarlinkClient" },
        { name: "VarlinkError", alias: "VarlinkError_" },
      ],
    },
  ]);
});
