/**
 * The structural, direction-aware comparison of two types. A value in `input` context is written
 * by old clients and read by the new server, so the new type must accept everything the old one
 * did; in `output` context the new server writes and old clients read, so the new type must not
 * produce anything the old one could not. `unused` types are reported but never breaking.
 */
import { findType, type Interface, type StructType, type EnumType, type Type } from "../model/model.js";
import type { FindingSink, WalkContext } from "./sink.js";

const reader = { input: "the server", output: "clients", unused: "no peer" } as const;

/**
 * Walks pairs of types; refs are followed by name, and each (type pair, context) is walked once.
 * The walk uses a work list, not the call stack: a chain of thousands of named types (`T0` refers
 * to `T1`, ...) would otherwise overflow it. Findings are sorted by the sink, so order is free.
 */
export class TypeComparer {
  private readonly visited = new Set<string>();
  private readonly pending: Array<[o: Type, n: Type, context: WalkContext, path: string]> = [];
  private draining = false;

  constructor(
    private readonly oldIface: Interface,
    private readonly newIface: Interface,
    private readonly sink: FindingSink,
  ) {}

  /** True when the named type of the new interface was already walked in `context`. */
  walked(name: string, context: WalkContext): boolean {
    return this.visited.has(`${name}>${name}|${context}`);
  }

  /** Compares the same-named type of both interfaces in `context`, reporting under its name. */
  compareNamed(name: string, context: WalkContext): void {
    const key = `${name}>${name}|${context}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    const o = findType(this.oldIface, name);
    const n = findType(this.newIface, name);
    if (o !== undefined && n !== undefined) this.compare(o.type, n.type, context, name);
  }

  /** Compares `o` (old) with `n` (new) at `path` in `context`, and everything reachable from them. */
  compare(o: Type, n: Type, context: WalkContext, path: string): void {
    this.pending.push([o, n, context, path]);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.pending.pop(); next !== undefined; next = this.pending.pop()) this.step(...next);
    } finally {
      this.draining = false;
    }
  }

  /** Compares one pair; nested pairs are queued through `compare`. */
  private step(o: Type, n: Type, context: WalkContext, path: string): void {
    // Nullability first: refs never resolve to a nullable, so this peels `?` off both sides.
    if (o.kind === "nullable" && n.kind === "nullable") return this.compare(o.inner, n.inner, context, path);
    if (n.kind === "nullable") {
      // `any` admits null itself, so any -> ?T adds no null; only the kind change can matter.
      if (o.kind === "any") return this.compare(o, n.inner, context, path);
      this.sink.add({
        rule: "made-nullable",
        path,
        context,
        breaking: context === "output",
        what: `'${path}' became nullable`,
        why:
          context === "output"
            ? "old clients do not expect null or absence here"
            : `${reader[context]} now also accepts null, old values still fit`,
        side: "new",
        span: n,
      });
      return this.compare(o, n.inner, context, path);
    }
    if (o.kind === "nullable") {
      // `any` admits null itself, so ?T -> any loses nothing.
      if (n.kind !== "any") {
        this.sink.add({
          rule: "made-required",
          path,
          context,
          breaking: context === "input",
          what: `'${path}' is no longer nullable`,
          why:
            context === "input"
              ? "old clients may omit it or send null, which the server now rejects"
              : `${reader[context]} still handle it being present`,
          side: "new",
          span: n,
        });
      }
      return this.compare(o.inner, n, context, path);
    }

    if (o.kind === "ref" && n.kind === "ref" && o.name === n.name) return this.compareNamed(n.name, context);
    if (o.kind === "ref" || n.kind === "ref") return this.compareRefChange(o, n, context, path);

    if (o.kind === n.kind) {
      switch (o.kind) {
        case "array":
          return this.compare(o.element, (n as typeof o).element, context, `${path}[]`);
        case "map":
          return this.compare(o.value, (n as typeof o).value, context, `${path}[string]`);
        case "struct":
          return this.compareStruct(o, n as StructType, context, path);
        case "enum":
          return this.compareEnum(o, n as EnumType, context, path);
        default:
          return;
      }
    }

    if ((o.kind === "struct" && n.kind === "enum") || (o.kind === "enum" && n.kind === "struct")) {
      this.sink.add({
        rule: "struct-enum-swapped",
        path,
        context,
        breaking: context !== "unused",
        what: `'${path}' changed from ${o.kind} to ${n.kind}`,
        why: context === "unused" ? "no method or error uses it" : "the JSON shape is entirely different",
        side: "new",
        span: n,
      });
      return;
    }

    const widened = accepts(n, o);
    const narrowed = accepts(o, n);
    const breaking = context === "input" ? !widened : context === "output" ? !narrowed : false;
    this.sink.add({
      rule: "type-changed",
      path,
      context,
      breaking,
      what: `'${path}' changed from ${describe(o)} to ${describe(n)}`,
      why: breaking
        ? `${reader[context]} cannot read every value the other side may send`
        : context === "unused"
          ? "no method or error uses it"
          : `every old value is still accepted by ${reader[context]}`,
      side: "new",
      span: n,
    });
  }

  private compareRefChange(o: Type, n: Type, context: WalkContext, path: string): void {
    const oName = o.kind === "ref" ? o.name : undefined;
    const nName = n.kind === "ref" ? n.name : undefined;
    this.sink.add({
      rule: "ref-target-changed",
      path,
      context,
      breaking: false,
      what:
        oName !== undefined && nName !== undefined
          ? `'${path}' now refers to '${nName}' instead of '${oName}'`
          : nName !== undefined
            ? `'${path}' now refers to '${nName}' instead of an inline type`
            : `'${path}' no longer refers to '${oName}' but to an inline type`,
      why: "names are not on the wire; the shapes are compared structurally (see other findings)",
      side: "new",
      span: n,
    });
    // Renamed recursive types would loop forever without this guard.
    const key = `${oName ?? `@${o.start}`}>${nName ?? `@${n.start}`}|${context}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    this.compare(this.resolve(this.oldIface, o), this.resolve(this.newIface, n), context, path);
  }

  private resolve(iface: Interface, type: Type): Type {
    return type.kind === "ref" ? (findType(iface, type.name)?.type ?? type) : type;
  }

  private compareStruct(o: StructType, n: StructType, context: WalkContext, path: string): void {
    for (const oldField of o.fields) {
      const fieldPath = `${path}.${oldField.name}`;
      const nf = n.fields.find((f) => f.name === oldField.name);
      if (nf !== undefined) {
        this.compare(oldField.type, nf.type, context, fieldPath);
        continue;
      }
      const optional = oldField.type.kind === "nullable";
      const breaking = context === "input" || (context === "output" && !optional);
      this.sink.add({
        rule: "field-removed",
        path: fieldPath,
        context,
        breaking,
        what: `field '${fieldPath}' was removed`,
        why:
          context === "input"
            ? "old clients still send it; a server that validates its parameters rejects it, and their intent is lost"
            : context === "output"
              ? optional
                ? "it was nullable, so old clients already handle it being absent"
                : "old clients require it in every reply"
              : "no method or error uses it",
        side: "old",
        span: oldField,
      });
    }
    for (const nf of n.fields) {
      if (o.fields.some((f) => f.name === nf.name)) continue;
      const fieldPath = `${path}.${nf.name}`;
      const optional = nf.type.kind === "nullable";
      const breaking = context === "input" && !optional;
      this.sink.add({
        rule: "field-added",
        path: fieldPath,
        context,
        breaking,
        what: `${optional ? "nullable" : "required"} field '${fieldPath}' was added`,
        why:
          context === "input"
            ? optional
              ? "old clients omit it, which a nullable field allows"
              : "old clients do not send it, so the server rejects their calls"
            : context === "output"
              ? "clients ignore fields they do not know"
              : "no method or error uses it",
        side: "new",
        span: nf,
      });
    }
  }

  private compareEnum(o: EnumType, n: EnumType, context: WalkContext, path: string): void {
    for (const ov of o.values) {
      if (n.values.some((v) => v.name === ov.name)) continue;
      this.sink.add({
        rule: "enum-value-removed",
        path,
        context,
        breaking: context === "input",
        what: `enum value '${ov.name}' of '${path}' was removed`,
        why:
          context === "input"
            ? "old clients may still send it"
            : context === "output"
              ? "clients simply never receive it again"
              : "no method or error uses it",
        side: "old",
        span: ov,
      });
    }
    for (const nv of n.values) {
      if (o.values.some((v) => v.name === nv.name)) continue;
      this.sink.add({
        rule: "enum-value-added",
        path,
        context,
        breaking: context === "output",
        what: `enum value '${nv.name}' was added to '${path}'`,
        why:
          context === "output"
            ? "old clients receive a value they do not know"
            : context === "input"
              ? "old clients never send it; the server accepts all old values"
              : "no method or error uses it",
        side: "new",
        span: nv,
      });
    }
  }
}

/**
 * True when every JSON value of type `narrow` is also a value of `wide` (for different kinds):
 * `any` takes everything, `object` takes any JSON object, `string` takes enum values (they are
 * JSON strings on the wire), `float` takes integers.
 */
function accepts(wide: Type, narrow: Type): boolean {
  if (wide.kind === "any") return true;
  if (wide.kind === "object") return narrow.kind === "struct" || narrow.kind === "map";
  if (wide.kind === "string") return narrow.kind === "enum";
  return wide.kind === "float" && narrow.kind === "int";
}

function describe(type: Type): string {
  switch (type.kind) {
    case "array":
      return "an array";
    case "map":
      return "a map";
    case "struct":
      return "a struct";
    case "enum":
      return "an enum";
    case "nullable":
      return `nullable ${describe(type.inner)}`;
    case "ref":
      return `'${type.name}'`;
    default:
      return type.kind;
  }
}
