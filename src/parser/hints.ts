/**
 * Hints for syntax errors: what people coming from other IDLs (protobuf, TypeScript, Go, C)
 * usually meant. Each rule looks at the offending token, its neighbours and the rule being parsed.
 */
import type { IToken, TokenType } from "chevrotain";
import { tokenMatcher } from "./chevrotain.js";
import * as t from "./tokens.js";

/** What a syntax hint rule sees. `actual` is undefined at the end of a declaration. */
export interface SyntaxContext {
  readonly actual: IToken | undefined;
  readonly previous: IToken | undefined;
  readonly next: IToken | undefined;
  /** The token before `previous`. */
  readonly previous2: IToken | undefined;
  /** Innermost rule last, e.g. `["member", "methodDecl", "parens", "item"]`. */
  readonly ruleStack: readonly string[];
}

const is = (token: IToken | undefined, ...types: TokenType[]): boolean =>
  token !== undefined && types.some((type) => tokenMatcher(token, type));

const typeWords = [t.Bool, t.Int, t.Float, t.String, t.ObjectKw, t.Any, t.Identifier, t.RParen];

const rules: ReadonlyArray<(c: SyntaxContext) => string | undefined> = [
  // method Foo() -> string  /  method Foo() -> void
  ({ actual, previous }) =>
    is(previous, t.Arrow) && !is(actual, t.LParen)
      ? "the output is a list of named fields in parentheses: '-> (name: string)', or '-> ()' for none"
      : undefined,
  // method Foo() -> () more  (streaming is chosen per call, not declared)
  ({ actual, previous }) =>
    is(previous, t.RParen) && /^(more|oneway|upgrade|stream|streaming)$/.test(actual?.image ?? "")
      ? `'${actual!.image}' is a flag the client sets per call, not part of the IDL; say it in a comment, e.g. '# [Requires '${actual!.image}' flag]'`
      : undefined,
  // name: optional string
  ({ actual, previous, previous2 }) =>
    is(actual, t.Word, t.LBracket, t.LParen) &&
    is(previous2, t.Colon) &&
    /^(optional|Optional|nullable|Nullable|Option|Maybe)$/.test(previous?.image ?? "")
      ? `nullable is written with '?' before the type: '?${is(actual, t.Word) ? actual!.image : "T"}'`
      : undefined,
  // name: [string]  (a map without its value type)
  ({ actual, previous, previous2 }) =>
    is(previous, t.RBracket) && is(previous2, t.String) && is(actual, t.RParen, t.Comma)
      ? "a map needs its value type: '[string]int' (or '[string]()' for a set); an array of strings is '[]string'"
      : undefined,
  // method Foo(a: int) (b: int)  /  method Foo(a: int)
  ({ actual, ruleStack }) =>
    ruleStack.at(-1) === "methodDecl" && !is(actual, t.Arrow) && ruleStack.length === 2
      ? "a method is written 'method Name(input) -> (output)'; use '()' for no parameters"
      : undefined,
  // map<string, int>
  ({ actual, previous }) =>
    is(actual, t.LAngle) && /^(map|Map|dict|Dict|Record|HashMap)$/.test(previous?.image ?? "")
      ? "a map is written '[string]T', e.g. '[string]int'; keys are always strings"
      : undefined,
  ({ actual, previous }) =>
    is(actual, t.LAngle) && /^(list|List|array|Array|Vec|vector|set|Set)$/.test(previous?.image ?? "")
      ? "an array is written '[]T' and a set '[string]()'"
      : undefined,
  ({ actual }) =>
    is(actual, t.LAngle, t.RAngle)
      ? "Varlink has no generics: write arrays as '[]T' and maps as '[string]T'"
      : undefined,
  // string[]
  ({ actual, previous, next }) =>
    is(actual, t.LBracket) && is(next, t.RBracket) && is(previous, ...typeWords)
      ? `an array is written with '[]' before the element type: '[]${previous!.image}'`
      : undefined,
  // string?  (TypeScript/C#/Kotlin put the '?' after the type)
  ({ actual, previous }) =>
    is(actual, t.Question) && is(previous, ...typeWords)
      ? `nullable is written with '?' before the type: '?${is(previous, t.RParen) ? "(...)" : previous!.image}'`
      : undefined,
  // [int]T
  ({ actual, ruleStack }) =>
    ruleStack.at(-1) === "arrayOrMap" && !is(actual, t.RBracket)
      ? "map keys are always strings: write '[string]T'; an array is '[]T'"
      : undefined,
  // type Foo = (...), error Foo: (...)
  ({ actual, previous2 }) =>
    is(actual, t.Equals, t.Colon) && is(previous2, t.Type, t.Method, t.ErrorKw)
      ? `nothing goes between the name and '(': write '${previous2!.image} Name (field: type, ...)'`
      : undefined,
  // name = type
  ({ actual, previous2 }) =>
    is(actual, t.Equals) && is(previous2, t.LParen, t.Comma)
      ? "fields are written 'name: type' with a colon"
      : undefined,
  // name type
  ({ actual, previous, previous2 }) =>
    is(actual, t.Word, t.LBracket, t.Question, t.LParen) &&
    is(previous, t.Word) &&
    is(previous2, t.LParen, t.Comma)
      ? `a ':' is missing between the field name and its type: '${previous!.image}: ${actual!.image}'`
      : undefined,
  ({ actual, previous, ruleStack }) =>
    is(actual, t.Word) && is(previous, ...typeWords) && ruleStack.includes("parens")
      ? "a ',' is missing between the fields"
      : undefined,
  // message Foo (...), struct Foo (...), enum Foo (...), rpc Foo(...)
  ({ actual, ruleStack }) => {
    if (actual === undefined || ruleStack.length > 1) return undefined;
    const word = actual.image.toLowerCase();
    if (
      ["struct", "message", "record", "class", "object", "typedef", "interface"].includes(word) &&
      ruleStack.at(-1) === "member"
    )
      return "a struct type is declared with 'type Name (field: type, ...)'";
    if (word === "enum") return "an enum type is declared with 'type Name (a, b, c)'";
    if (["rpc", "function", "func", "fn", "def", "call"].includes(word))
      return "a method is declared with 'method Name(input) -> (output)'";
    if (["exception", "throws", "raise", "err"].includes(word))
      return "an error is declared with 'error Name (field: type, ...)'";
    return undefined;
  },
  // extra: int after a declaration
  ({ actual, next, ruleStack }) =>
    is(actual, t.Word) && is(next, t.Colon) && ruleStack.length <= 1
      ? "fields go inside a declaration's parentheses: 'type Name (field: type, ...)'"
      : undefined,
  // foo: org.example.Type
  ({ actual }) =>
    is(actual, t.DottedName)
      ? "a type of another interface cannot be referenced; declare it in this interface"
      : undefined,
  // foo: type / foo: method
  ({ actual, ruleStack }) =>
    ruleStack.at(-1) === "typeExpr" && is(actual, t.Interface, t.Type, t.Method, t.ErrorKw)
      ? `'${actual!.image}' is a keyword, not a type; types are bool, int, float, string, object, any, [..]T, ?T, (..) or a type Name`
      : undefined,
  // interface foo.bar: missing or misplaced name
  ({ ruleStack }) =>
    ruleStack.at(-1) === "interfaceDecl"
      ? "the first line is 'interface' and a reverse-domain name, e.g. 'interface org.example.name'"
      : undefined,
  // type D / error F / method E -> ()
  ({ actual, previous, previous2 }) =>
    !is(actual, t.LParen) && is(previous, t.Word) && is(previous2, t.Type, t.ErrorKw, t.Method)
      ? `a declaration needs its parenthesised list: '${previous2!.image} ${previous!.image}${is(previous2, t.Method) ? "" : " "}(...)'; '()' is empty`
      : undefined,
  // type C (a: int) (b: int)
  ({ actual, previous, ruleStack }) =>
    is(actual, t.LParen) && is(previous, t.RParen) && (ruleStack.at(-1) === "member" || ruleStack.length <= 1)
      ? "only a method has two lists, joined by '->': 'method Name(input) -> (output)'"
      : undefined,
  // Interface org.example
  ({ actual }) =>
    actual !== undefined && /^(Interface|Type|Method|Error|INTERFACE|TYPE|METHOD|ERROR)$/.test(actual.image)
      ? `keywords are lower case: '${actual.image.toLowerCase()}'`
      : undefined,
  // the list ran into the next declaration or the end of the file
  ({ actual, ruleStack }) =>
    ruleStack.includes("parens") && actual === undefined ? "a ')' is missing" : undefined,
];

/** The first matching hint for a syntax error, if any. */
export function syntaxHint(context: SyntaxContext): string | undefined {
  for (const rule of rules) {
    const hint = rule(context);
    if (hint !== undefined) return hint;
  }
  return undefined;
}

/** Hints for characters the lexer does not know. */
export function characterHint(char: string): string | undefined {
  if (char === "/") return "comments start with '#'";
  if (char === '"' || char === "'") return "Varlink has no string literals; names are written bare";
  if (char === "@")
    return "Varlink has no annotations; systemd writes them as comments, e.g. '# [Requires 'more' flag]'";
  if (char === "-")
    return "'-' appears only in '->' and interface names; field names use '_', e.g. 'first_name'";
  if (char === "|") return "Varlink has no union types; use an enum '(a, b)' or nullable fields";
  return undefined;
}
