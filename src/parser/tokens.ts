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
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";

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

export const Interface = keyword("interface");
export const Type = keyword("type");
export const Method = keyword("method");
export const ErrorKw = keyword("error", "ErrorKw");
export const Bool = keyword("bool");
export const Int = keyword("int");
export const Float = keyword("float");
export const String = keyword("string");
export const ObjectKw = keyword("object", "ObjectKw");
export const Any = keyword("any");

export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Question = createToken({ name: "Question", pattern: /\?/, label: "'?'" });

// Not Varlink: lexed only so that errors can explain what was probably meant.
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/, label: "';'" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const LAngle = createToken({ name: "LAngle", pattern: /</, label: "'<'" });
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

/** The process-wide lexer, created on first use. */
export function varlinkLexer(): Lexer {
  lexer ??= new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });
  return lexer;
}

/** Offset one past the last character of a token. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}
