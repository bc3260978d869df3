/**
 * Config JSON written by hand: the common non-JSON habits get a hint that says what to change,
 * and a byte-order mark is accepted.
 */
import { describe, expect, it } from "vitest";
import { parseJsonWithSpans } from "../../src/cli/config/json-spans.js";
import { SourceFile } from "../../src/diagnostics/source-file.js";

const parse = (text: string) => parseJsonWithSpans(new SourceFile("c.json", text));

describe("config JSON hints", () => {
  it.each([
    [
      '{"inputs": ["idl"],}',
      "expected a string key, found '}'",
      "JSON allows no trailing comma; remove the ','",
    ],
    [
      '{"inputs": ["idl", ]}',
      "expected a JSON value, found ']'",
      "JSON allows no trailing comma; remove the ','",
    ],
    ['{"inputs": ["idl"] // x\n}', "expected ',' or '}', found '/'", "JSON has no comments; remove them"],
    ["{\"inputs\": ['idl']}", "expected a JSON value, found '''", "JSON strings and keys use double quotes"],
    ['{inputs: ["idl"]}', "expected a string key, found 'i'", 'keys are quoted in JSON: "key": value'],
  ])("%j", (text, message, hint) => {
    const { value, diagnostics } = parse(text);
    expect(value).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: "VL350", message: `invalid JSON: ${message}`, hint }]);
  });

  it("has no hint where none fits", () => {
    expect(parse('{"a" 1}').diagnostics[0]).not.toHaveProperty("hint");
  });

  it("accepts a leading byte-order mark", () => {
    const { value, diagnostics } = parse('\uFEFF{"inputs": ["idl"]}');
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({ kind: "object", entries: [{ key: "inputs" }] });
  });
});
