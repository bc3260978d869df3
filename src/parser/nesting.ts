/**
 * A nesting limit for types, checked on the tokens before parsing: the parser, the AST builder
 * and the printers recurse once per level, so without a limit a file such as `(a: (a: (a: ...`
 * or `[][][]...int` could exhaust the stack. systemd's IDL parser uses the same limit (64).
 */
import type { IToken } from "chevrotain";
import * as t from "./tokens.js";

/** The deepest type nesting accepted: open parentheses plus `[]`, `[string]` and `?` prefixes. */
export const maxTypeDepth = 64;

/** The first token at which a slice nests deeper than `maxTypeDepth`, or undefined. */
export function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  // Prefixes written before an open `(` still count while it is open: `(a: [][](b: [][](...`
  // nests four levels per `(`, and forgetting them let ~2000 levels through (stack overflow).
  const before: number[] = [];
  let outer = 0;
  let prefixes = 0;
  for (const token of tokens) {
    // By identity, not tokenMatcher: none of these types is a category (tokens.ts), and this
    // loop runs over every token of every file.
    const type = token.tokenType;
    if (type === t.LParen) {
      before.push(prefixes);
      outer += prefixes;
      prefixes = 0;
    } else if (type === t.RParen) {
      outer -= before.pop() ?? 0;
      prefixes = 0;
    } else if (type === t.LBracket || type === t.Question) prefixes++;
    else if (type !== t.RBracket && type !== t.String) prefixes = 0;
    if (before.length + outer + prefixes > maxTypeDepth) return token;
  }
  return undefined;
}
