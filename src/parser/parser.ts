/**
 * The Varlink grammar as a Chevrotain CstParser (rules as class fields, so a typo in a rule name
 * is a compile error). One instance per process, reset by assigning `input`.
 *
 * The grammar is deliberately a little wider than Varlink where that lets the model stage give a
 * better message: a parenthesised list holds `name` or `name: type` items (struct or enum is
 * decided later; a mix is reported), any number of `?` may prefix a type (`??T` is a model error),
 * a trailing comma parses (and is reported), and member names accept any word (case is checked).
 * Each member is parsed on its own token slice (see `index.ts`), so one broken member yields one
 * syntax error and the rest of the file is still checked.
 */
import type { CstNode, IParserErrorMessageProvider, TokenType } from "chevrotain";
import { CstParser, EOF } from "./chevrotain.js";
import * as t from "./tokens.js";

/** Describes a token type the way the source spells it: `'->'`, `a name`. */
export function describeTokenType(type: TokenType): string {
  if (type === EOF) return "end of input";
  return type.LABEL ?? type.name;
}

function expectedList(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map(describeTokenType))];
  if (labels.length <= 1) return labels[0] ?? "nothing";
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]!}`;
}

/**
 * Messages in source terms. They only say what was expected; the caller adds what was found
 * (it knows what follows the member slice, which Chevrotain sees as end of input).
 */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => `expected ${describeTokenType(expected)}`,
  buildNotAllInputParsedMessage: () => "expected the end of the declaration",
  buildNoViableAltMessage: ({ expectedPathsPerAlt, customUserDescription }) =>
    `expected ${customUserDescription ?? expectedList(expectedPathsPerAlt.flat().map((path) => path[0]!))}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, customUserDescription }) =>
    `expected ${customUserDescription ?? expectedList(expectedIterationPaths.map((path) => path[0]!))}`,
};

/** The Varlink CST parser. Entry rules: `interfaceDecl` and `member`. */
export class VarlinkParser extends CstParser {
  /**
   * `validate: false` skips Chevrotain's grammar validations (ambiguities, left recursion, ...),
   * which only matter while the grammar is edited; Chevrotain recommends skipping them in
   * production for start-up time. The process-wide parser skips them; a test builds one with
   * validations on, so a grammar mistake still fails the suite.
   */
  constructor(options: { readonly validate?: boolean } = {}) {
    super(t.allTokens, {
      maxLookahead: 2,
      recoveryEnabled: false,
      errorMessageProvider,
      skipValidations: options.validate === false,
    });
    this.performSelfAnalysis();
  }

  /** `interface org.example.name` */
  readonly interfaceDecl = this.RULE("interfaceDecl", () => {
    this.CONSUME(t.Interface);
    this.OR({
      DEF: [{ ALT: () => this.CONSUME(t.DottedName) }, { ALT: () => this.CONSUME(t.Word) }],
      ERR_MSG: "an interface name such as 'org.example.name'",
    });
  });

  /** `type Name (...)`, `method Name (...) -> (...)` or `error Name (...)` */
  readonly member = this.RULE("member", () => {
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.typeDecl) },
        { ALT: () => this.SUBRULE(this.methodDecl) },
        { ALT: () => this.SUBRULE(this.errorDecl) },
      ],
      ERR_MSG: "'type', 'method' or 'error'",
    });
  });

  readonly typeDecl = this.RULE("typeDecl", () => {
    this.CONSUME(t.Type);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.SUBRULE(this.parens);
  });

  readonly methodDecl = this.RULE("methodDecl", () => {
    this.CONSUME(t.Method);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.SUBRULE(this.parens, { LABEL: "input" });
    this.CONSUME(t.Arrow);
    this.SUBRULE2(this.parens, { LABEL: "output" });
  });

  readonly errorDecl = this.RULE("errorDecl", () => {
    this.CONSUME(t.ErrorKw);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.SUBRULE(this.parens);
  });

  /** `( item, item, ... )`: a struct, an enum, or `()`. Empty items (`,,`, trailing `,`) are checked later. */
  readonly parens = this.RULE("parens", () => {
    this.CONSUME(t.LParen);
    this.OPTION(() => this.SUBRULE(this.item));
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.OPTION2(() => this.SUBRULE2(this.item));
    });
    this.CONSUME(t.RParen);
  });

  /** A struct field `name: type` or an enum value `name`. */
  readonly item = this.RULE("item", () => {
    this.CONSUME(t.Word, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(t.Colon);
      this.SUBRULE(this.typeExpr);
    });
  });

  /** `?`* followed by a non-nullable type. */
  readonly typeExpr = this.RULE("typeExpr", () => {
    this.MANY(() => this.CONSUME(t.Question));
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.arrayOrMap) },
        { ALT: () => this.SUBRULE(this.parens) },
        { ALT: () => this.CONSUME(t.Bool) },
        { ALT: () => this.CONSUME(t.Int) },
        { ALT: () => this.CONSUME(t.Float) },
        { ALT: () => this.CONSUME(t.String) },
        { ALT: () => this.CONSUME(t.ObjectKw) },
        { ALT: () => this.CONSUME(t.Any) },
        { ALT: () => this.CONSUME(t.Identifier) },
      ],
      ERR_MSG: "a type",
    });
  });

  /** `[]T` or `[string]T` */
  readonly arrayOrMap = this.RULE("arrayOrMap", () => {
    this.CONSUME(t.LBracket);
    this.OPTION(() => this.CONSUME(t.String));
    this.CONSUME(t.RBracket);
    this.SUBRULE(this.typeExpr);
  });
}

let parser: VarlinkParser | undefined;

/** The process-wide parser, created on first use (self-analysis is the expensive part). */
export function varlinkParser(): VarlinkParser {
  parser ??= new VarlinkParser({ validate: false });
  return parser;
}

/** A CST node as produced by this parser; re-exported for the visitor. */
export type { CstNode };
