/**
 * The Varlink lexer: token types and the one lexer instance per process.
 *
 * Identifiers are lexed leniently (`[A-Za-z_][A-Za-z0-9_]*`) so that a badly formed name is a
 * model check with a precise message ("method names start upper case") rather than a lexer error.
 * Keywords are not reserved as field names: every keyword is in the `Word` category, which the
 * parser accepts wherever a field name, enum value or member name is expected.
 * A few characters that are not Varlink at all (`{ } ; = < >`) are tokens too, so the parser can
 * say what people meant (brace style, `map<...>`, `name = type`) instead of "unexpected character".
 */
import type { IToken, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

/** Category of every token that can serve as a field name, enum value or member name. */
export const Word = createToken({ name: "Word", pattern: Lexer.NA, label: "a name" });

/** `[A-Za-z_][A-Za-z0-9_]*`: names; the model checks which of them are well formed. */
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Word],
  label: "a name",
});

/** A name with dots (and hyphens), which only the interface line uses: `org.example.more`. */
export const DottedName = createToken({
  name: "DottedName",
  pattern: /[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+/,
  label: "an interface name",
});

/** A keyword token; `name` defaults to the capitalised word (`ErrorKw`/`ObjectKw` avoid JS globals). */
function keyword(word: string, name = word[0]!.toUpperCase() + word.slice(1)): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: [DottedName, Identifier],
    categories: [Word],
    label: `'${word}'`,
  });
}

/** The `interface` keyword. */
export const Interface = keyword("interface");
/** The `type` keyword. */
export const Type = keyword("type");
/** The `method` keyword. */
export const Method = keyword("method");
/** The `error` keyword. */
export const ErrorKw = keyword("error", "ErrorKw");
/** The `bool` type word. */
export const Bool = keyword("bool");
/** The `int` type word. */
export const Int = keyword("int");
/** The `float` type word. */
export const Float = keyword("float");
/** The `string` type word (also inside `[string]`). */
export const String = keyword("string");
/** The `object` type word. */
export const ObjectKw = keyword("object", "ObjectKw");
/** The `any` type word (UAPI.20). */
export const Any = keyword("any");

/** `->` between a method's input and output. */
export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
/** `(` */
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
/** `)` */
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
/** `[` of `[]T` and `[string]T`. */
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
/** `]` */
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
/** `:` between a field name and its type. */
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
/** `,` between fields or enum values. */
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
/** `?` of a nullable type. */
export const Question = createToken({ name: "Question", pattern: /\?/, label: "'?'" });

// Not Varlink: lexed only so that errors can explain what was probably meant.
/** `{` (not Varlink; reported with a hint). */
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
/** `}` (not Varlink; reported with a hint). */
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
/** `;` (not Varlink; reported with a hint). */
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/, label: "';'" });
/** `=` (not Varlink; reported with a hint). */
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
/** `<` (not Varlink; `map<...>` gets a hint). */
export const LAngle = createToken({ name: "LAngle", pattern: /</, label: "'<'" });
/** `>` (not Varlink). */
export const RAngle = createToken({ name: "RAngle", pattern: />/, label: "'>'" });

/** `#` to the end of the line; collected in the `comments` group for doc comments and the formatter. */
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });
/** `// ...`: not a Varlink comment; lexed whole so it is reported once, not character by character. */
export const SlashComment = createToken({
  name: "SlashComment",
  pattern: /\/\/[^\n\r]*/,
  group: "badComments",
});
/** Whitespace, including a byte-order mark (editors on Windows write one). */
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
});

/** Every token type, in matching order (keywords before `Identifier`, `DottedName` before both). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  SlashComment,
  Arrow,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Colon,
  Comma,
  Question,
  LBrace,
  RBrace,
  Semicolon,
  Equals,
  LAngle,
  RAngle,
  DottedName,
  Interface,
  Type,
  Method,
  ErrorKw,
  Bool,
  Int,
  Float,
  String,
  ObjectKw,
  Any,
  Identifier,
  Word,
];

/** Token types of the primitive type keywords, by the model kind they denote. */
export const primitiveTokens = {
  bool: Bool,
  int: Int,
  float: Float,
  string: String,
  object: ObjectKw,
  any: Any,
};

let lexer: Lexer | undefined;

/**
 * A lexer for `allTokens`. `validate` runs Chevrotain's checks of the token definitions (empty
 * matches, anchors, unreachable patterns): a start-up cost of every cold run that only pays off
 * while the tokens are edited, so the process-wide lexer skips them and a test runs them.
 */
export function createVarlinkLexer(validate: boolean): Lexer {
  return new Lexer(allTokens, {
    ensureOptimizations: true,
    positionTracking: "onlyOffset",
    skipValidations: !validate,
  });
}

/** The process-wide lexer, created on first use, without the definition checks. */
export function varlinkLexer(): Lexer {
  lexer ??= createVarlinkLexer(false);
  return lexer;
}

/** Offset one past the last character of a token. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}
