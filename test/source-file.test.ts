import { describe, expect, it } from "vitest";
import { SourceFile } from "../src/diagnostics/source-file.js";

describe("SourceFile.position", () => {
  const file = new SourceFile("a.varlink", "ab\ncd\r\n\nef");
  it.each([
    [0, 1, 1],
    [2, 1, 3],
    [3, 2, 1],
    [7, 3, 1],
    [8, 4, 1],
    [10, 4, 3],
    [99, 4, 3],
  ])("offset %i is line %i column %i", (offset, line, column) => {
    expect(file.position(offset)).toEqual({ line, column });
  });
  it("returns line text without terminators", () => {
    expect([1, 2, 3, 4].map((l) => file.lineText(l))).toEqual(["ab", "cd", "", "ef"]);
  });
});
