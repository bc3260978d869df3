/**
 * AST → model, with every semantic check (VL2xx): names well formed, member names unique,
 * fields and enum values unique, references resolved (with a suggestion), `??T`, trailing and
 * empty commas, enum/struct mix-ups, an interface without members. All problems are collected;
 * the model is returned only when there are none.
 */
import type { Diagnostic, DiagnosticNote, Result } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source-file.js";
import type { AstFile, AstMember, AstParens, AstType, Span } from "../parser/ast.js";
import { foreignTypeHint } from "./foreign-types.js";
import type { EnumType, EnumValue, Field, Interface, Member, StructType, Type } from "./model.js";
import { fieldNameProblem, interfaceNameProblem, memberNameProblem, toMemberName } from "./varlink-names.js";
import { closest } from "./suggest.js";

/** Model check diagnostic codes. */
export const ModelCode = {
  UnknownType: "VL201",
  DuplicateMember: "VL202",
  DuplicateField: "VL203",
  DuplicateEnumValue: "VL204",
  DoubleNullable: "VL205",
  MemberName: "VL206",
  FieldName: "VL207",
  InterfaceName: "VL208",
  TrailingComma: "VL209",
  NoMembers: "VL210",
  NotAStruct: "VL211",
  MissingFieldType: "VL212",
  EmptyEnum: "VL213",
  NotAType: "VL214",
} as const;

const primitiveNames = ["bool", "int", "float", "string", "object", "any"];

const flagMarks = {
  more: /^\[(Requires|Supports) 'more' flag\]$/m,
  upgrade: /^\[(Requires|Supports) 'upgrade' flag\]$/m,
};

/**
 * systemd's `[Requires 'more' flag]` / `[Supports 'upgrade' flag]` marks in a method's doc
 * comment (`upgrade`: methods that take over the connection, sd-varlink
 * `SD_VARLINK_REQUIRES_UPGRADE`).
 */
function flagMode(
  doc: string | undefined,
  flag: keyof typeof flagMarks,
): "requires" | "supports" | undefined {
  const mode = doc?.match(flagMarks[flag])?.[1];
  return mode === "Requires" ? "requires" : mode === "Supports" ? "supports" : undefined;
}

/** `[Idempotent]` on a line of a method's doc comment: calling it twice does what calling it once does. */
const idempotentMark = /^\[Idempotent\]$/m;

class Builder {
  readonly diagnostics: Diagnostic[] = [];
  /** Member name → kind, for reference resolution. */
  private readonly memberKinds = new Map<string, AstMember["kind"]>();
  private readonly brokenNames: ReadonlySet<string>;
  /** Names a misspelt type may have meant; built on the first unknown type. */
  private typeCandidates: string[] | undefined;
  private suggestionBudget = 1_000_000;

  constructor(
    private readonly file: SourceFile,
    private readonly ast: AstFile,
  ) {
    this.brokenNames = new Set(ast.brokenNames);
    for (const member of ast.members) {
      if (!this.memberKinds.has(member.name.text)) this.memberKinds.set(member.name.text, member.kind);
    }
  }

  report(code: string, message: string, span: Span, hint?: string, notes?: DiagnosticNote[]): void {
    this.diagnostics.push({
      code,
      severity: "error",
      message,
      file: this.file,
      start: span.start,
      end: span.end,
      ...(hint === undefined ? {} : { hint }),
      ...(notes === undefined ? {} : { notes }),
    });
  }

  /** Reports every name that occurs twice, pointing back at its first definition. */
  checkUnique(items: readonly { name: { text: string } & Span }[], code: string, what: string): void {
    const seen = new Map<string, Span>();
    for (const item of items) {
      const first = seen.get(item.name.text);
      if (first === undefined) seen.set(item.name.text, item.name);
      else
        this.report(
          code,
          `duplicate ${what} '${item.name.text}'`,
          item.name,
          "rename or remove one of them",
          [{ message: `'${item.name.text}' is first defined here`, start: first.start, end: first.end }],
        );
    }
  }

  build(): Interface | undefined {
    const decl = this.ast.interface;
    if (decl !== undefined) {
      const problem = interfaceNameProblem(decl.name.text);
      if (problem !== undefined)
        this.report(
          ModelCode.InterfaceName,
          `interface name '${decl.name.text}' ${problem}`,
          decl.name,
          "write a reverse-domain name such as 'org.example.service'",
        );
      if (this.ast.members.length === 0 && this.ast.brokenNames.length === 0)
        this.report(
          ModelCode.NoMembers,
          `interface '${decl.name.text}' has no members`,
          decl.name,
          "declare at least one 'type', 'method' or 'error'",
        );
    }
    this.checkUnique(this.ast.members, ModelCode.DuplicateMember, "member name");
    const members = this.ast.members.map((m) => this.member(m));
    if (decl === undefined) return undefined;
    return {
      kind: "interface",
      name: decl.name.text,
      nameSpan: { start: decl.name.start, end: decl.name.end },
      doc: decl.doc,
      members,
      source: this.file,
      start: decl.start,
      end: this.file.text.length,
    };
  }

  private member(m: AstMember): Member {
    const problem = memberNameProblem(m.name.text);
    if (problem !== undefined) {
      const fixed = toMemberName(m.name.text);
      this.report(
        ModelCode.MemberName,
        `${m.kind} name '${m.name.text}' ${problem}`,
        m.name,
        fixed === "" ? undefined : `did you mean '${fixed}'?`,
      );
    }
    const base = {
      name: m.name.text,
      nameSpan: { start: m.name.start, end: m.name.end },
      doc: m.doc,
      start: m.start,
      end: m.end,
    };
    switch (m.kind) {
      case "type":
        return { kind: "type", ...base, type: this.parens(m.body) };
      case "method": {
        return {
          kind: "method",
          ...base,
          input: this.structOnly(m.input, "method input"),
          output: this.structOnly(m.output, "method output"),
          more: flagMode(m.doc, "more"),
          upgrade: flagMode(m.doc, "upgrade"),
          idempotent: m.doc !== undefined && idempotentMark.test(m.doc),
        };
      }
      case "error":
        return { kind: "error", ...base, parameters: this.structOnly(m.parameters, "error parameters") };
    }
  }

  private structOnly(p: AstParens, what: string): StructType {
    const type = this.parens(p);
    if (type.kind === "struct") return type;
    this.report(
      ModelCode.NotAStruct,
      `${what} must be a struct, not an enum`,
      p,
      "write fields as 'name: type'; '()' means no parameters",
    );
    return { kind: "struct", fields: [], start: p.start, end: p.end };
  }

  private parens(p: AstParens): StructType | EnumType {
    const span = { start: p.start, end: p.end };
    if (p.items.length === 0 && p.emptyItems.length > 0) {
      this.report(
        ModelCode.EmptyEnum,
        "empty enum: an enum needs at least one value",
        span,
        "'()' is an empty struct; remove the ','",
      );
      return { kind: "struct", fields: [], ...span };
    }
    for (const comma of p.emptyItems) {
      const trailing = p.items.every((item) => item.start < comma.start);
      this.report(
        ModelCode.TrailingComma,
        trailing ? "trailing comma" : "empty item between commas",
        comma,
        trailing ? "Varlink does not allow a ',' before ')'; remove it" : "remove the extra ','",
      );
    }
    for (const item of p.items) {
      const problem = fieldNameProblem(item.name.text);
      if (problem !== undefined)
        this.report(ModelCode.FieldName, `name '${item.name.text}' ${problem}`, item.name);
    }
    const isEnum = p.items.length > 0 && p.items.every((item) => item.type === undefined);
    if (isEnum) {
      this.checkUnique(p.items, ModelCode.DuplicateEnumValue, "enum value");
      const values = p.items.map((item): EnumValue => ({
        name: item.name.text,
        doc: item.doc,
        start: item.start,
        end: item.end,
      }));
      return { kind: "enum", values, ...span };
    }
    this.checkUnique(p.items, ModelCode.DuplicateField, "field");
    const fields: Field[] = [];
    for (const item of p.items) {
      if (item.type === undefined) {
        this.report(
          ModelCode.MissingFieldType,
          `field '${item.name.text}' has no type`,
          item.name,
          "struct fields are written 'name: type'; an enum lists bare names only",
        );
        continue;
      }
      fields.push({
        name: item.name.text,
        type: this.type(item.type),
        doc: item.doc,
        start: item.start,
        end: item.end,
      });
    }
    return { kind: "struct", fields, ...span };
  }

  private type(t: AstType): Type {
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case "nullable": {
        // `??T` (or more): one diagnostic over all the extra `?`; the model keeps one.
        let inner = t.inner;
        while (inner.kind === "nullable") inner = inner.inner;
        if (inner !== t.inner) {
          const extra = { start: t.start, end: inner.start };
          this.report(
            ModelCode.DoubleNullable,
            "a type can be nullable only once",
            extra,
            "write a single '?'",
          );
        }
        return { kind: "nullable", inner: this.type(inner), ...span };
      }
      case "array":
        return { kind: "array", element: this.type(t.element), ...span };
      case "map":
        return { kind: "map", value: this.type(t.value), ...span };
      case "parens":
        return this.parens(t);
      case "ref":
        this.resolve(t.name, span);
        return { kind: "ref", name: t.name, ...span };
      default:
        return { kind: t.kind, ...span };
    }
  }

  private resolve(name: string, span: Span): void {
    const kind = this.memberKinds.get(name);
    if (kind === "type" || this.brokenNames.has(name)) return;
    if (kind !== undefined) {
      this.report(
        ModelCode.NotAType,
        `'${name}' is ${kind === "error" ? "an error" : "a method"}, not a type`,
        span,
        "only names declared with 'type' can be used as types",
      );
      return;
    }
    this.typeCandidates ??= [
      ...[...this.memberKinds].filter(([, k]) => k === "type").map(([n]) => n),
      ...primitiveNames,
    ];
    // Suggestions cost one comparison per candidate; a file full of unknown names among
    // thousands of types stops getting them rather than taking seconds (source order, so stable).
    this.suggestionBudget -= this.typeCandidates.length;
    const suggestion = this.suggestionBudget >= 0 ? closest(name, this.typeCandidates) : undefined;
    const hint =
      foreignTypeHint(name) ?? (suggestion !== undefined ? `did you mean '${suggestion}'?` : undefined);
    this.report(ModelCode.UnknownType, `unknown type '${name}'`, span, hint);
  }
}

/** Builds and checks the model of a parsed file; `value` is undefined when any error was found. */
export function buildModel(file: SourceFile, ast: AstFile): Result<Interface | undefined> {
  const builder = new Builder(file, ast);
  const model = builder.build();
  return { value: builder.diagnostics.length === 0 ? model : undefined, diagnostics: builder.diagnostics };
}
