/**
 * Omit passes: absent optionals are omitted on the wire, never sent as `null` (UAPI.20 lets a
 * sender omit them; systemd treats an explicit `null` differently from absence in places). One
 * generated function per struct that can hold an optional member, directly or through its
 * fields' structs, arrays and maps: it turns every `null`-valued nullable member into
 * `undefined` (which JSON leaves out) on a copy, and returns the value itself when nothing
 * changed. Only struct members: a `null` array element, map value or inside an `object`/`any`
 * is data and is sent. Clients pass call parameters through the method's pass, services their
 * replies (`omitAbsent` of the runtime's method definition). A struct without optionals gets no
 * pass and costs nothing.
 */
import type { StatementStructures } from "ts-morph";
import type { StructType, Type } from "../model/model.js";
import { isSet } from "../model/model.js";
import { omitterName } from "../model/names.js";
import type { GeneratorContext, Shape } from "./context.js";
import { Kind } from "./structures.js";

/** The named struct shapes `type` reaches without passing through another struct. */
function structsIn(ctx: GeneratorContext, type: Type): Shape[] {
  const found: Shape[] = [];
  const pending: Type[] = [type];
  for (let t = pending.pop(); t !== undefined; t = pending.pop()) {
    if (t.kind === "nullable") pending.push(t.inner);
    else if (t.kind === "array") pending.push(t.element);
    else if (t.kind === "map" && !isSet(t)) pending.push(t.value);
    else if (t.kind === "struct" || t.kind === "ref") {
      const shape = ctx.shapeOf(t);
      if (shape?.type.kind === "struct") found.push(shape);
    }
  }
  return found;
}

/** Each interface's pass names, by shape (made once, in shape order, so names are stable). */
const plans = new WeakMap<GeneratorContext, ReadonlyMap<Shape, string>>();

/**
 * The shapes that get a pass, with its name: those a method sends (parameters, results and the
 * structs inside) that have a nullable field or whose fields reach one. Marked backwards along the references (linear, no recursion: a chain of types is as
 * long as the input makes it).
 */
export function omitPlan(ctx: GeneratorContext): ReadonlyMap<Shape, string> {
  const known = plans.get(ctx);
  if (known !== undefined) return known;
  const referrers = new Map<Shape, Shape[]>();
  const marked = new Set<Shape>();
  const pending: Shape[] = [];
  for (const shape of ctx.shapes) {
    if (shape.type.kind !== "struct") continue;
    for (const field of shape.type.fields) {
      if (field.type.kind === "nullable" && !marked.has(shape)) {
        marked.add(shape);
        pending.push(shape);
      }
      for (const target of structsIn(ctx, field.type)) {
        const list = referrers.get(target);
        if (list === undefined) referrers.set(target, [shape]);
        else list.push(shape);
      }
    }
  }
  for (let shape = pending.pop(); shape !== undefined; shape = pending.pop()) {
    for (const referrer of referrers.get(shape) ?? []) {
      if (marked.has(referrer)) continue;
      marked.add(referrer);
      pending.push(referrer);
    }
  }
  // Only what methods send: a type used by nothing but an error's parameters needs no pass.
  const sent = new Set<Shape>();
  const open = ctx.methods.flatMap((m) => [m.parameters, m.result]).filter((shape) => marked.has(shape));
  for (let shape = open.pop(); shape !== undefined; shape = open.pop()) {
    if (sent.has(shape)) continue;
    sent.add(shape);
    if (shape.type.kind !== "struct") continue;
    for (const field of shape.type.fields)
      for (const target of structsIn(ctx, field.type)) if (marked.has(target)) open.push(target);
  }
  const plan = new Map<Shape, string>();
  for (const shape of ctx.shapes)
    if (sent.has(shape)) plan.set(shape, ctx.scope.claim(omitterName(shape.name)));
  plans.set(ctx, plan);
  return plan;
}

/** The pass of `shape`, or undefined when its values never change. */
export function omitterOf(ctx: GeneratorContext, shape: Shape): string | undefined {
  return omitPlan(ctx).get(shape);
}

/** A function expression applying the pass of `type` to one value; undefined: nothing to do. */
function passOf(ctx: GeneratorContext, type: Type): string | undefined {
  switch (type.kind) {
    case "nullable":
      // A null passes through every pass unchanged (it is not an object or array).
      return passOf(ctx, type.inner);
    case "struct":
    case "ref": {
      const shape = ctx.shapeOf(type);
      return shape === undefined ? undefined : omitterOf(ctx, shape);
    }
    case "array":
    case "map": {
      const call = applied(ctx, type, "e");
      return call === undefined ? undefined : `(e: unknown) => ${call}`;
    }
    default:
      return undefined;
  }
}

/** An expression applying the pass of `type` to `value`; undefined: nothing to do. */
function applied(ctx: GeneratorContext, type: Type, value: string): string | undefined {
  if (type.kind === "array" || type.kind === "map") {
    // A set's members are `{}`: nothing to leave out.
    if (type.kind === "map" && isSet(type)) return undefined;
    const inner = passOf(ctx, type.kind === "array" ? type.element : type.value);
    if (inner === undefined) return undefined;
    return `${ctx.rt(type.kind === "array" ? "omitEach" : "omitValues")}(${value}, ${inner})`;
  }
  const pass = passOf(ctx, type);
  return pass === undefined ? undefined : `${pass}(${value})`;
}

/** The lines of a pass body, one block per field that can change. */
function passBody(ctx: GeneratorContext, type: StructType): string[] {
  const lines = [
    `if (!${ctx.rt("isObject")}(value)) return value;`,
    "let out: Record<string, unknown> | undefined;",
  ];
  type.fields.forEach((field, index) => {
    const name = JSON.stringify(field.name);
    const local = `f${index}`;
    const inner = applied(ctx, field.type.kind === "nullable" ? field.type.inner : field.type, local);
    const nullable = field.type.kind === "nullable";
    if (!nullable && inner === undefined) return;
    const replace = (expr: string) => `(out ??= { ...value })[${name}] = ${expr};`;
    lines.push(`const ${local} = value[${name}];`);
    const changed =
      inner === undefined
        ? []
        : [`const w${index} = ${inner};`, `if (w${index} !== ${local}) ${replace(`w${index}`)}`];
    if (!nullable) lines.push(...changed);
    else if (changed.length === 0) lines.push(`if (${local} === null) ${replace("undefined")}`);
    else
      lines.push(
        `if (${local} === null) ${replace("undefined")}`,
        "else {",
        ...changed.map((l) => `  ${l}`),
        "}",
      );
  });
  lines.push("return (out ?? value) as T;");
  return lines;
}

/** The pass of one shape (nothing for enums and structs without optionals). */
export function emitShapeOmitter(ctx: GeneratorContext, shape: Shape): StatementStructures[] {
  const name = omitterOf(ctx, shape);
  if (name === undefined || shape.type.kind !== "struct") return [];
  return [
    {
      kind: Kind.Function,
      name,
      isExported: true,
      docs: [
        `{@link ${shape.name}} as sent: optional members that are \`null\` become absent (also inside its structs, arrays and maps), on a copy; \`value\` itself when none is.`,
      ],
      typeParameters: ["T"],
      parameters: [{ name: "value", type: "T" }],
      returnType: "T",
      statements: [passBody(ctx, shape.type).join("\n")],
    },
  ];
}
