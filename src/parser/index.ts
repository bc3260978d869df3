/**
 * Parsing one `.varlink` file into an AST, with syntax diagnostics (VL1xx).
 *
 * The token stream is split into declarations before parsing: a declaration starts at
 * `interface`/`type`/`method`/`error` followed by a name, where a field name cannot be (not after
 * `(`, `,`, `:`, `?` or `]`). Each slice is parsed on its own, so a broken declaration costs one
 * diagnostic and the others are still parsed and checked; no error recovery guesses are needed.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { EOF, tokenMatcher } from "./chevrotain.js";
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source-file.js";
import type { AstComment, AstFile, AstInterfaceDecl, AstMember } from "./ast.js";
import { toInterfaceDecl, toMember } from "./cst-to-ast.js";
import { DocIndex } from "./doc-comments.js";
import { characterHint, syntaxHint } from "./hints.js";
import { maxTypeDepth, tooDeep } from "./nesting.js";
import { varlinkParser } from "./parser.js";
import type { InterfaceDeclCstNode, MemberCstNode } from "../../grammar/cst.js";
import * as t from "./tokens.js";

export type * from "./ast.js";

/** Syntax diagnostic codes. */
export const SyntaxCode = {
  UnexpectedCharacter: "VL101",
  Syntax: "VL102",
  Braces: "VL103",
  MissingInterface: "VL104",
  SecondInterface: "VL105",
  Semicolon: "VL106",
  TooDeep: "VL107",
} as const;

function error(
  file: SourceFile,
  code: string,
  message: string,
  start: number,
  end: number,
  hint?: string,
): Diagnostic {
  return { code, severity: "error", message, file, start, end, ...(hint === undefined ? {} : { hint }) };
}

const memberKeywords = [t.Interface, t.Type, t.Method, t.ErrorKw];
const fieldContext = [t.LParen, t.Comma, t.Colon, t.Question, t.RBracket];

// The token loops below run over every token of every file: token types that are not categories
// (all but `Word`, tokens.ts) are compared by identity, without a tokenMatcher call.
function startsDeclaration(tokens: readonly IToken[], i: number): boolean {
  const type = tokens[i]!.tokenType;
  const previous = tokens[i - 1]?.tokenType;
  const next = tokens[i + 1];
  const nameFollows = next !== undefined && (next.tokenType === t.DottedName || tokenMatcher(next, t.Word));
  if (memberKeywords.includes(type)) {
    return nameFollows && !(previous !== undefined && fieldContext.includes(previous));
  }
  // `message Foo (...)`, `struct Bar {`: a word that is not a keyword, right after a complete
  // declaration and followed by a name, is a declaration attempt; report it on its own.
  const afterDeclaration = previous === t.RParen || previous === t.DottedName;
  return type === t.Identifier && afterDeclaration && nameFollows;
}

/** Splits tokens into declaration slices (the first slice may not start with a keyword). */
function splitDeclarations(tokens: readonly IToken[]): IToken[][] {
  const slices: IToken[][] = [];
  let current: IToken[] = [];
  tokens.forEach((token, i) => {
    if (current.length > 0 && startsDeclaration(tokens, i)) {
      slices.push(current);
      current = [];
    }
    current.push(token);
  });
  if (current.length > 0) slices.push(current);
  return slices;
}

function describeToken(token: IToken | undefined): string {
  if (token === undefined) return "end of file";
  const image = token.image.length > 30 ? `${token.image.slice(0, 27)}...` : token.image;
  return `'${image}'`;
}

/** Removes `{`, `}` and `;` (not Varlink) and reports them once each, with what to write instead. */
function dropForeignPunctuation(file: SourceFile, tokens: IToken[], diagnostics: Diagnostic[]): IToken[] {
  const kept: IToken[] = [];
  let braceReported = false;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type !== t.LBrace && type !== t.RBrace && type !== t.Semicolon) {
      kept.push(token);
      continue;
    }
    const at = token.startOffset;
    if (type === t.LBrace || type === t.RBrace) {
      if (!braceReported) {
        diagnostics.push(
          error(
            file,
            SyntaxCode.Braces,
            `unexpected '${token.image}': Varlink interfaces have no braces`,
            at,
            at + 1,
            "write the members directly after the 'interface' line, without '{' and '}'",
          ),
        );
        braceReported = type === t.LBrace;
      }
    } else {
      diagnostics.push(
        error(
          file,
          SyntaxCode.Semicolon,
          "unexpected ';'",
          at,
          at + 1,
          "Varlink declarations end at the next declaration; remove the ';'",
        ),
      );
    }
  }
  return kept;
}

/**
 * How an unexpected character appears in a message: printable ones quoted, whitespace as a JSON
 * escape, and control or invisible ones as their code point so no raw byte reaches the terminal.
 */
function showCharacter(char: string): string {
  if (char === "\t" || char === "\r" || char === "\n") return JSON.stringify(char);
  const code = char.codePointAt(0) ?? 0;
  if (/[\p{Cc}\p{Cf}\p{Z}\uFFFD]/u.test(char)) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${char}'`;
}

/**
 * Lexes and parses one file. The AST holds every declaration that parsed; the diagnostics are
 * the lexing and syntax errors (unsorted). Never throws for any input text.
 */
export function parseFile(file: SourceFile): Result<AstFile> {
  const diagnostics: Diagnostic[] = [];
  const lexed = t.varlinkLexer().tokenize(file.text);
  const lexErrorOffsets: number[] = [];
  for (const e of lexed.errors) {
    const char = file.text.slice(e.offset, e.offset + 1);
    const shown = showCharacter(char);
    diagnostics.push(
      error(
        file,
        SyntaxCode.UnexpectedCharacter,
        `unexpected character ${shown}`,
        e.offset,
        e.offset + e.length,
        characterHint(char),
      ),
    );
    lexErrorOffsets.push(e.offset);
  }
  for (const c of lexed.groups["badComments"] ?? []) {
    diagnostics.push(
      error(
        file,
        SyntaxCode.UnexpectedCharacter,
        "'//' does not start a comment",
        c.startOffset,
        c.startOffset + 2,
        "Varlink comments start with '#'",
      ),
    );
  }
  const comments: AstComment[] = (lexed.groups["comments"] ?? []).map((c) => ({
    text: c.image,
    start: c.startOffset,
    end: t.tokenEnd(c),
  }));
  const docs = new DocIndex(file, comments);
  const tokens = dropForeignPunctuation(file, lexed.tokens, diagnostics);
  const slices = splitDeclarations(tokens);

  let iface: AstInterfaceDecl | undefined;
  const members: AstMember[] = [];
  const brokenNames: string[] = [];
  const parser = varlinkParser();

  const missingInterface = slices.length === 0 || !tokenMatcher(slices[0]![0]!, t.Interface);
  // An `interface` line after members is a misplaced one, not a second one: one diagnostic there.
  const late = missingInterface ? slices.findIndex((s) => tokenMatcher(s[0]!, t.Interface)) : -1;
  if (late > 0) {
    const head = slices[late]![0]!;
    diagnostics.push(
      error(
        file,
        SyntaxCode.MissingInterface,
        "the 'interface' line must come before every member",
        head.startOffset,
        t.tokenEnd(slices[late]![1] ?? head),
        "move it to the top of the file",
      ),
    );
  } else if (missingInterface) {
    const at = slices[0]?.[0];
    diagnostics.push(
      error(
        file,
        SyntaxCode.MissingInterface,
        at === undefined ? "empty interface file" : `expected 'interface', found ${describeToken(at)}`,
        at?.startOffset ?? 0,
        at === undefined ? 0 : t.tokenEnd(at),
        at !== undefined && at.image.toLowerCase() === "interface"
          ? "keywords are lower case: 'interface'"
          : "a .varlink file starts with 'interface' and a reverse-domain name, e.g. 'interface org.example.name'",
      ),
    );
  }

  slices.forEach((slice, index) => {
    const head = slice[0]!;
    const isInterface = tokenMatcher(head, t.Interface);
    if (isInterface && index > 0 && index !== late) {
      diagnostics.push(
        error(
          file,
          SyntaxCode.SecondInterface,
          "a file holds exactly one interface",
          head.startOffset,
          t.tokenEnd(slice[1] ?? head),
          iface
            ? `'${iface.name.text}' was declared first; put this interface in a file of its own`
            : undefined,
        ),
      );
      return;
    }
    const deep = tooDeep(slice);
    if (deep !== undefined) {
      if (!isInterface && slice[1] !== undefined && tokenMatcher(slice[1], t.Word))
        brokenNames.push(slice[1].image);
      diagnostics.push(
        error(
          file,
          SyntaxCode.TooDeep,
          `types nested more than ${maxTypeDepth} levels deep`,
          deep.startOffset,
          t.tokenEnd(deep),
          "name the inner types with 'type Name (...)'",
        ),
      );
      return;
    }
    parser.input = slice;
    const cst = isInterface ? parser.interfaceDecl() : parser.member();
    const failure = parser.errors[0];
    const sliceStart = head.startOffset;
    const sliceEnd = t.tokenEnd(slice[slice.length - 1]!);
    const hadLexError = lexErrorOffsets.some((o) => o >= sliceStart && o <= sliceEnd);
    if (failure !== undefined) {
      if (!isInterface && slice[1] !== undefined && tokenMatcher(slice[1], t.Word))
        brokenNames.push(slice[1].image);
      // A first slice that is neither `interface` nor a member is already reported as VL104.
      const coveredByMissingInterface = index === 0 && missingInterface;
      if (!hadLexError && !coveredByMissingInterface)
        diagnostics.push(syntaxError(file, failure, slice, slices[index + 1]?.[0]));
      return;
    }
    if (isInterface) iface = toInterfaceDecl(cst as InterfaceDeclCstNode, docs);
    else members.push(toMember(cst as MemberCstNode, docs));
  });

  const end = file.text.length;
  return { value: { interface: iface, members, comments, brokenNames, start: 0, end }, diagnostics };
}

function syntaxError(
  file: SourceFile,
  failure: IRecognitionException,
  slice: readonly IToken[],
  following: IToken | undefined,
): Diagnostic {
  const atEnd = failure.token.tokenType === EOF || Number.isNaN(failure.token.startOffset);
  const index = atEnd ? slice.length : slice.indexOf(failure.token);
  const actual = atEnd ? undefined : failure.token;
  const previous = slice[index - 1];
  const found = atEnd ? describeToken(following) : describeToken(actual);
  const ruleStack = failure.context.ruleStack;
  const hint = syntaxHint({
    actual,
    previous,
    previous2: slice[index - 2],
    next: slice[index + 1],
    ruleStack,
  });
  // At the end of a declaration, point just after its last token rather than at the next line.
  const start = actual ? actual.startOffset : previous ? t.tokenEnd(previous) : 0;
  const end = actual ? t.tokenEnd(actual) : start;
  return error(
    file,
    SyntaxCode.Syntax,
    `${expectation(failure.message, ruleStack, previous, slice[index - 2])}, found ${found}`,
    start,
    end,
    hint,
  );
}

/**
 * Chevrotain reports only the token it tried last; inside parentheses the honest list is
 * longer: after a field `',' or ')'`, after a bare name also `':'`.
 */
function expectation(
  message: string,
  ruleStack: readonly string[],
  previous: IToken | undefined,
  previous2: IToken | undefined,
): string {
  if (message !== "expected ')'" || ruleStack.at(-1) !== "parens") return message;
  const afterBareName =
    previous !== undefined &&
    tokenMatcher(previous, t.Word) &&
    previous2 !== undefined &&
    (tokenMatcher(previous2, t.LParen) || tokenMatcher(previous2, t.Comma));
  return afterBareName ? "expected ':', ',' or ')'" : "expected ',' or ')'";
}
