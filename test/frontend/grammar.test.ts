/**
 * The process-wide parser and lexer skip Chevrotain's grammar and token validations (a start-up
 * cost that only pays off while the grammar is edited), so this test runs them, and checks that chevrotain is
 * the single-file bundle of the installed version.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CstParser, Lexer, VERSION, chevrotainBundleUrl, createToken } from "../../src/parser/chevrotain.js";
import { VarlinkParser, varlinkParser } from "../../src/parser/parser.js";
import { createVarlinkLexer } from "../../src/parser/tokens.js";

describe("grammar", () => {
  it("passes Chevrotain's grammar validations", () => {
    // With validations on, performSelfAnalysis throws on any grammar definition error.
    expect(() => new VarlinkParser({ validate: true })).not.toThrow();
  });

  it("validations do catch a broken grammar (so the check above can fail)", () => {
    const A = createToken({ name: "A", pattern: /a/ });
    class Ambiguous extends CstParser {
      constructor(skipValidations: boolean) {
        super([A], { skipValidations });
        this.performSelfAnalysis();
      }
      readonly top = this.RULE("top", () => {
        this.OR([{ ALT: () => this.CONSUME(A) }, { ALT: () => this.CONSUME2(A) }]);
      });
    }
    expect(() => new Ambiguous(false)).toThrow(/Ambiguous/);
    expect(() => new Ambiguous(true)).not.toThrow();
  });

  it("passes Chevrotain's token definition checks", () => {
    expect(createVarlinkLexer(true).lexerDefinitionErrors).toEqual([]);
  });

  it("the definition checks do catch a broken token (so the check above can fail)", () => {
    const Empty = createToken({ name: "Empty", pattern: /a*/ });
    expect(() => new Lexer([Empty], { skipValidations: false })).toThrow(/empty/);
    expect(() => new Lexer([Empty], { skipValidations: true })).not.toThrow();
  });

  it("the process-wide parser is built once", () => {
    expect(varlinkParser()).toBe(varlinkParser());
  });

  it("chevrotain is the bundle of the installed version", () => {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(
      readFileSync(require.resolve("chevrotain").replace(/lib\/src\/api\.js$/, "package.json"), "utf8"),
    ) as { version: string };
    expect(chevrotainBundleUrl()?.pathname).toMatch(/\/node_modules\/chevrotain\/lib\/chevrotain\.min\.mjs$/);
    expect(VERSION).toBe(pkg.version);
  });
});
