/**
 * Validators: one generated function per struct/enum that walks a value and records every problem
 * with its path. No schema is interpreted at run time: each check is written out, primitive checks
 * are inlined, and a path string is only built when a problem is found or a nested struct/array
 * element is entered. In bigint mode the same walk also turns ints into bigints in place.
 */
import type { StatementStructures } from "ts-morph";
import type { EnumType, StructType, Type } from "../model/model.js";
import { isSet } from "../model/model.js";
import type { GeneratorContext, Shape } from "./context.js";
import { Kind } from "./structures.js";

/** A struct's shape. */
type StructShape = Shape & { type: StructType };

/**
 * Longest inlined check of a named struct, in lines: beyond it the named validator is called, so
 * a large type used in many places is not copied into each.
 */
const MAX_INLINED_LINES = 60;

/**
 * The same for an anonymous struct, lower: its own validator (`validate<Parent><Field>`) is in the
 * same module and already holds these checks, so an inlined copy is pure duplication. A flat one
 * (a few scalar fields, the common case) stays inline; one holding structs of its own is called.
 */
const MAX_INLINED_ANONYMOUS_LINES = 24;

/**
 * Named structs inlined inside one another at most this deep; the next one is called. It keeps a
 * long chain of types (`T0 (next: ?T1)`, `T1 (next: ?T2)`, ... 5,000 of them) from recursing once
 * per type and exhausting the stack. Each level adds at least 9 lines (object test, `else`, the
 * strict key loop, its field, `}`), so an accepted inlining is at most 6 levels deep and the
 * limit never cuts one that is kept. It can change which inner level of a deeper chain of
 * small structs ends up inlined (a call instead of the same checks written out: equally
 * correct); no fixture has such a chain (the goldens are unchanged).
 */
const MAX_INLINED_NAMED = 8;

/** The named shapes a struct's type refers to directly (through fields, arrays, maps, nullables). */
function refsOf(ctx: GeneratorContext, shape: Shape): Shape[] {
  const found: Shape[] = [];
  if (shape.type.kind !== "struct") return found;
  const pending: Type[] = shape.type.fields.map((f) => f.type);
  for (let type = pending.pop(); type !== undefined; type = pending.pop()) {
    if (type.kind === "nullable") pending.push(type.inner);
    else if (type.kind === "array") pending.push(type.element);
    else if (type.kind === "map") pending.push(type.value);
    else if (type.kind === "struct") for (const f of type.fields) pending.push(f.type);
    else if (type.kind === "ref") {
      const target = ctx.shapeOf(type);
      if (target !== undefined) found.push(target);
    }
  }
  return found;
}

/** selfReaching's answer per interface (a validator is written per shape, each by a new writer). */
const selfReachingCache = new WeakMap<GeneratorContext, ReadonlySet<Shape>>();

/**
 * The named structs that can contain themselves: those on a cycle of refs, i.e. in a strongly
 * connected component with more than one member or a ref to itself (Tarjan's algorithm). With an
 * explicit stack, not recursion, and once per interface: a chain of refs is as long as the input
 * makes it, and walking it again for every struct was quadratic.
 */
function selfReaching(ctx: GeneratorContext): ReadonlySet<Shape> {
  const known = selfReachingCache.get(ctx);
  if (known !== undefined) return known;
  const index = new Map<Shape, number>();
  const low = new Map<Shape, number>();
  const open: Shape[] = [];
  const onStack = new Set<Shape>();
  const cyclic = new Set<Shape>();
  const frames: { shape: Shape; refs: Shape[]; next: number }[] = [];
  const enter = (shape: Shape): void => {
    index.set(shape, index.size);
    low.set(shape, index.get(shape)!);
    open.push(shape);
    onStack.add(shape);
    frames.push({ shape, refs: refsOf(ctx, shape), next: 0 });
  };
  for (const root of ctx.shapes) {
    if (!index.has(root)) enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.refs.length) {
        const target = frame.refs[frame.next++]!;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target))
          low.set(frame.shape, Math.min(low.get(frame.shape)!, index.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined)
        low.set(parent.shape, Math.min(low.get(parent.shape)!, low.get(frame.shape)!));
      if (low.get(frame.shape) !== index.get(frame.shape)) continue;
      const component: Shape[] = [];
      for (let member = open.pop()!; ; member = open.pop()!) {
        onStack.delete(member);
        component.push(member);
        if (member === frame.shape) break;
      }
      if (component.length > 1 || frame.refs.includes(frame.shape)) for (const c of component) cyclic.add(c);
    }
  }
  selfReachingCache.set(ctx, cyclic);
  return cyclic;
}

/** Emits code that checks `value` (an expression naming a local) of `type`. */
class CheckWriter {
  #counter = 0;
  /** The structs whose checks are being written (the validator's own, and those inlined). */
  readonly #inlining = new Set<Shape>();
  /** Named structs (refs) being inlined right now, one inside the other. */
  #namedDepth = 0;

  constructor(private readonly ctx: GeneratorContext) {}

  #rt(name: string): string {
    return this.ctx.rt(name);
  }

  #fresh(prefix: string): string {
    return `${prefix}${this.#counter++}`;
  }

  #expected(path: string, what: string, value: string): string {
    return `${this.#rt("expected")}(issues, ${path}, ${JSON.stringify(what)}, ${value});`;
  }

  /** Lines checking `value` at `path`; `assign` writes a decoded replacement (bigint mode). */
  check(type: Type, value: string, path: string, assign: (expr: string) => string): string[] {
    switch (type.kind) {
      case "bool":
        return [`if (typeof ${value} !== "boolean") ${this.#expected(path, "bool", value)}`];
      case "float":
        // NaN and ±Infinity are not floats on the wire (JSON.parse makes Infinity of 1e400). A
        // bigint is a long integer literal from an exact-parsing connection: a float written
        // with all its digits (Go writes 1e20 so), made a number again.
        return [
          `if (!Number.isFinite(${value})) {`,
          `  if (typeof ${value} === "bigint") ${assign(`Number(${value})`)};`,
          `  else ${this.#expected(path, "float", value)}`,
          "}",
        ];
      case "string":
        return [`if (typeof ${value} !== "string") ${this.#expected(path, "string", value)}`];
      case "object":
        return [`if (!${this.#rt("isObject")}(${value})) ${this.#expected(path, "object", value)}`];
      case "any":
        return [];
      case "int": {
        if (this.ctx.options.int === "number") {
          return [`if (!${this.#rt("isInt")}(${value})) ${this.#expected(path, "int", value)}`];
        }
        const big = this.#fresh("b");
        return [
          "{",
          `  const ${big} = ${this.#rt("toBigInt")}(${value});`,
          `  if (${big} === undefined) ${this.#expected(path, "int", value)}`,
          `  else ${assign(big)};`,
          "}",
        ];
      }
      case "nullable": {
        const inner = this.check(type.inner, value, path, assign);
        return inner.length === 0
          ? []
          : [`if (${value} !== null && ${value} !== undefined) {`, ...indent(inner), "}"];
      }
      case "array": {
        const i = this.#fresh("i");
        const element = this.#fresh("e");
        const inner = this.check(
          type.element,
          element,
          `${path} + "[" + ${i} + "]"`,
          (x) => `${value}[${i}] = ${x}`,
        );
        return [
          `if (!Array.isArray(${value})) ${this.#expected(path, "array", value)}`,
          ...(inner.length === 0
            ? []
            : [
                `else {`,
                `  for (let ${i} = 0; ${i} < ${value}.length; ${i}++) {`,
                `    const ${element}: unknown = ${value}[${i}];`,
                ...indent(inner, 2),
                "  }",
                "}",
              ]),
        ];
      }
      case "map": {
        const key = this.#fresh("k");
        const element = this.#fresh("e");
        const inner = isSet(type)
          ? this.#emptyCheck(element, `${this.#rt("keyPath")}(${path}, ${key})`, "{}")
          : this.check(
              type.value,
              element,
              `${this.#rt("keyPath")}(${path}, ${key})`,
              (x) => `${this.#rt("replaceOwn")}(${value}, ${key}, ${x})`,
            );
        const what = isSet(type) ? "set" : "map";
        return [
          `if (!${this.#rt("isObject")}(${value})) ${this.#expected(path, what, value)}`,
          ...(inner.length === 0
            ? []
            : [
                `else {`,
                // for-in allocates no key array (Object.keys does, per map, per call); the own
                // check keeps exactly Object.keys' keys, and V8 optimizes this pattern.
                `  for (const ${key} in ${value}) {`,
                `    if (!Object.prototype.hasOwnProperty.call(${value}, ${key})) continue;`,
                `    const ${element} = ${value}[${key}];`,
                ...indent(inner, 2),
                "  }",
                "}",
              ]),
        ];
      }
      case "struct":
      case "enum":
      case "ref": {
        const shape = this.ctx.shapeOf(type);
        // Only an anonymous `()` has no shape of its own.
        if (shape === undefined) return this.#emptyCheck(value, path, "struct");
        // Enums are checked inline: no call, and the path is only built for a problem.
        if (shape.type.kind === "enum") return [this.#enumCheck(shape.type, value, path)];
        const inlined = this.#inlineStruct(type, shape as StructShape, value, path);
        if (inlined !== undefined) return inlined;
        // Structs: the path is built only when the nested validator recorded a problem (see
        // prefixIssues), so valid elements of a large array cost no string building.
        const before = this.#fresh("n");
        return [
          `const ${before} = issues.length;`,
          `${shape.validator}(${value}, "", issues, strict);`,
          `if (issues.length > ${before}) ${this.#rt("prefixIssues")}(issues, ${before}, ${path});`,
        ];
      }
    }
  }

  /**
   * A nested struct's checks written into its parent, as ajv does with a whole schema: no call,
   * and its issues get their full path from the parent's path expression (built only for a
   * problem), so nothing is rebased on the way out. Only while its checks stay short
   * (`MAX_INLINED_LINES` for a named struct, `MAX_INLINED_ANONYMOUS_LINES` for an anonymous one),
   * and a named one only when it cannot reach itself (a recursive type must call its validator).
   * Returns undefined for a call instead.
   */
  #inlineStruct(type: Type, shape: StructShape, value: string, path: string): string[] | undefined {
    if (type.kind === "ref") {
      if (this.#inlining.has(shape) || this.#namedDepth >= MAX_INLINED_NAMED) return undefined;
      if (selfReaching(this.ctx).has(shape)) return undefined;
    }
    if (type.kind === "ref") this.#namedDepth++;
    this.#inlining.add(shape);
    try {
      const lines = [
        `if (!${this.#rt("isObject")}(${value})) ${this.#expected(path, "struct", value)}`,
        "else {",
        ...indent(this.#structChecks(shape.type, value, path)),
        "}",
      ];
      const limit = type.kind === "ref" ? MAX_INLINED_LINES : MAX_INLINED_ANONYMOUS_LINES;
      return lines.length > limit ? undefined : lines;
    } finally {
      this.#inlining.delete(shape);
      if (type.kind === "ref") this.#namedDepth--;
    }
  }

  /**
   * An empty struct written inline (`()`, or a set's member `{}`): an object and, when strict,
   * one without fields, as a named `type Empty ()` is checked.
   */
  #emptyCheck(value: string, path: string, what: string): string[] {
    const key = this.#fresh("u");
    return [
      `if (!${this.#rt("isObject")}(${value})) ${this.#expected(path, what, value)}`,
      `else if (strict) for (const ${key} in ${value}) ${this.#rt("unknownField")}(issues, ${path}, ${key});`,
    ];
  }

  /** The body of a struct validator. */
  structBody(shape: StructShape): string[] {
    this.#inlining.add(shape);
    return [
      `if (!${this.#rt("isObject")}(value)) {`,
      `  ${this.#expected("path", "struct", "value")}`,
      "  return;",
      "}",
      ...this.#structChecks(shape.type, "value", "path"),
    ];
  }

  /** The unknown-field and per-field checks of a struct `value` (known to be an object) at `path`. */
  #structChecks(type: StructType, value: string, path: string): string[] {
    const key = value === "value" ? "key" : this.#fresh("key");
    const lines = [
      // for...in and a chain of comparisons: no key array, no Set lookup (JSON objects have no
      // inherited enumerable keys).
      "if (strict) {",
      `  for (const ${key} in ${value}) {`,
      `    ${this.#unknownTest(type, key)}${this.#rt("unknownField")}(issues, ${path}, ${key});`,
      "  }",
      "}",
    ];
    for (const field of type.fields) {
      // A `?any` field accepts anything, absent included: nothing to read or check.
      if (field.type.kind === "nullable" && field.type.inner.kind === "any") continue;
      const local = this.#fresh("f");
      const name = JSON.stringify(field.name);
      const fieldPath = this.#fieldPath(path, field.name);
      // A plain read is safe unless the name is inherited from Object.prototype (`toString`);
      // those go through Object.hasOwn.
      const read =
        field.name in Object.prototype ? `${this.#rt("own")}(${value}, ${name})` : `${value}[${name}]`;
      lines.push(`const ${local} = ${read};`);
      const inner = this.check(field.type, local, fieldPath, (x) => `${value}[${name}] = ${x}`);
      if (field.type.kind === "nullable") {
        lines.push(...inner);
        continue;
      }
      lines.push(
        `if (${local} === undefined) ${this.#rt("missing")}(issues, ${fieldPath}, ${JSON.stringify(describeType(field.type))});`,
      );
      if (inner.length > 0) lines.push("else {", ...indent(inner), "}");
    }
    return lines;
  }

  /**
   * The path expression of field `name` under `path`. Under an inlined struct whose path is the
   * validator's `path` plus constant field names, the names are joined here (`fieldPath(path,
   * "interface.anon")`), not by nested calls at run time.
   */
  #fieldPath(path: string, name: string): string {
    const helper = this.#rt("fieldPath");
    const prefix = `${helper}(path, `;
    // Only a single call whose second argument is a plain string of field names (Varlink field
    // names are letters, digits and `_`) is folded; any other expression is wrapped.
    const constant = path.startsWith(prefix) && path.endsWith(")") ? path.slice(prefix.length, -1) : "";
    if (/^"[A-Za-z0-9_.]+"$/.test(constant)) {
      return `${helper}(path, ${JSON.stringify(`${constant.slice(1, -1)}.${name}`)})`;
    }
    return `${helper}(${path}, ${JSON.stringify(name)})`;
  }

  /** `if (key is not a field) ` before the unknown-field report; nothing for `()`. */
  #unknownTest(type: StructType, key: string): string {
    if (type.fields.length === 0) return "";
    return `if (${type.fields.map((f) => `${key} !== ${JSON.stringify(f.name)}`).join(" && ")}) `;
  }

  #enumCheck(type: EnumType, value: string, path: string): string {
    const test = type.values.map((v) => `${value} !== ${JSON.stringify(v.name)}`).join(" && ");
    const what = `enum (${type.values.map((v) => v.name).join(", ")})`;
    return `if (${test}) ${this.#expected(path, what, value)}`;
  }

  /** The body of an enum validator. */
  enumBody(shape: Shape & { type: { kind: "enum" } }): string[] {
    return [this.#enumCheck(shape.type, "value", "path")];
  }
}

/** A short Varlink spelling of a type, for "missing required field (string)". */
function describeType(type: Type): string {
  switch (type.kind) {
    case "nullable":
      return `?${describeType(type.inner)}`;
    case "array":
      return `[]${describeType(type.element)}`;
    case "map":
      return isSet(type) ? "[string]()" : `[string]${describeType(type.value)}`;
    case "ref":
      return type.name;
    case "struct":
      return "struct";
    default:
      return type.kind;
  }
}

function indent(lines: readonly string[], levels = 1): string[] {
  const pad = "  ".repeat(levels);
  return lines.map((line) => pad + line);
}

/** The validator (and, for structs, the known-field set) of one shape. */
export function emitShapeValidator(ctx: GeneratorContext, shape: Shape): StatementStructures[] {
  const writer = new CheckWriter(ctx);
  const issueType = ctx.rtType("ValidationIssue");
  const isEnum = shape.type.kind === "enum";
  const body =
    shape.type.kind === "enum"
      ? writer.enumBody(shape as Shape & { type: { kind: "enum" } })
      : writer.structBody(shape as StructShape);
  const decode = ctx.options.int === "bigint" && !isEnum ? " Ints are replaced by bigints in place." : "";
  const validator: StatementStructures = {
    kind: Kind.Function,
    name: shape.validator,
    isExported: true,
    docs: [
      `Checks a value against {@link ${shape.name}}, recording every problem (with its path) in \`issues\`.` +
        (isEnum ? "" : ` With \`strict\`, fields the type does not declare are problems too.${decode}`),
    ],
    parameters: [
      { name: "value", type: "unknown" },
      { name: "path", type: "string" },
      { name: "issues", type: `${issueType}[]` },
      { name: isEnum ? "_strict" : "strict", type: "boolean" },
    ],
    returnType: "void",
    statements: [body.join("\n")],
  };
  return [validator];
}
