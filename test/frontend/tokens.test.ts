import { describe, expect, it } from "vitest";
import { allTokens, varlinkLexer } from "../../src/parser/tokens.js";

function lex(text: string) {
  const result = varlinkLexer().tokenize(text);
  return {
    tokens: result.tokens.map((t) => `${t.tokenType.name}:${t.image}`),
    comments: (result.groups["comments"] ?? []).map((t) => t.image),
    errors: result.errors.map((e) => e.offset),
  };
}

/** [name, { given, want: tokens as `Type:image` }] */
const cases: Array<[string, { given: string; want: string[] }]> = [
  [
    "interface line",
    { given: "interface org.example.more", want: ["Interface:interface", "DottedName:org.example.more"] },
  ],
  ["hyphenated interface name", { given: "io.systemd-x.a-b", want: ["DottedName:io.systemd-x.a-b"] }],
  [
    "keywords",
    {
      given: "type method error bool int float string object any",
      want: [
        "Type:type",
        "Method:method",
        "ErrorKw:error",
        "Bool:bool",
        "Int:int",
        "Float:float",
        "String:string",
        "ObjectKw:object",
        "Any:any",
      ],
    },
  ],
  [
    "keyword prefixes are identifiers",
    {
      given: "types integer strings errors anything interfaces",
      want: [
        "Identifier:types",
        "Identifier:integer",
        "Identifier:strings",
        "Identifier:errors",
        "Identifier:anything",
        "Identifier:interfaces",
      ],
    },
  ],
  [
    "punctuation",
    {
      given: "( ) [ ] [string] ? : , ->",
      want: [
        "LParen:(",
        "RParen:)",
        "LBracket:[",
        "RBracket:]",
        "LBracket:[",
        "String:string",
        "RBracket:]",
        "Question:?",
        "Colon::",
        "Comma:,",
        "Arrow:->",
      ],
    },
  ],
  [
    "upper-case and snake names",
    {
      given: "MainPID snake_case x1",
      want: ["Identifier:MainPID", "Identifier:snake_case", "Identifier:x1"],
    },
  ],
  [
    "foreign punctuation is lexed for better errors",
    {
      given: "{ } ; = < >",
      want: ["LBrace:{", "RBrace:}", "Semicolon:;", "Equals:=", "LAngle:<", "RAngle:>"],
    },
  ],
  [
    "nullable chain",
    {
      given: "?[]?[string]T",
      want: [
        "Question:?",
        "LBracket:[",
        "RBracket:]",
        "Question:?",
        "LBracket:[",
        "String:string",
        "RBracket:]",
        "Identifier:T",
      ],
    },
  ],
];

describe("lexer", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const result = lex(given);
    expect(result.errors).toEqual([]);
    expect(result.tokens).toEqual(want);
  });

  it("puts comments in the comments group, not in the token stream", () => {
    const result = lex("# doc\ntype # trailing\nT");
    expect(result.tokens).toEqual(["Type:type", "Identifier:T"]);
    expect(result.comments).toEqual(["# doc", "# trailing"]);
  });

  it("reports unknown characters with their offsets and goes on", () => {
    const result = lex("type @T $");
    expect(result.errors).toEqual([5, 8]);
    expect(result.tokens).toEqual(["Type:type", "Identifier:T"]);
  });
});

describe("token categories", () => {
  // The parser's token loops (parser/index.ts, parser/nesting.ts) compare token types by identity
  // instead of calling tokenMatcher, which is only right for a type no other type falls under.
  it("Word is the only category", () => {
    const categories = new Set(allTokens.flatMap((type) => type.CATEGORIES ?? []).map((type) => type.name));
    expect([...categories]).toEqual(["Word"]);
  });
});
