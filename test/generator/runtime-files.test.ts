import { describe, expect, it } from "vitest";
import { rewriteRelativeImports } from "../../src/generator/runtime-files.js";

describe("rewriteRelativeImports", () => {
  const source = `import { a } from "./a.js";\nexport * from './b.js';\nconst c = await import("./c.js");\nimport x from "node:fs";\n`;
  it.each([
    [".js", source],
    [".ts", source.replace("./a.js", "./a.ts").replace("./b.js", "./b.ts").replace("./c.js", "./c.ts")],
    ["", source.replace("./a.js", "./a").replace("./b.js", "./b").replace("./c.js", "./c")],
  ] as const)("extension %j", (extension, want) => {
    expect(rewriteRelativeImports(source, extension)).toBe(want);
  });
});
