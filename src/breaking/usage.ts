/**
 * Who reads each named type of an interface: reachable from method input (the server reads it),
 * from method output or error parameters (the client reads it), from both, or from nothing.
 */
import { findType, type Interface, type Type } from "../model/model.js";
import type { Direction } from "./finding.js";

/** The side a walk starts from: method parameters, or replies and error parameters. */
export type Context = "input" | "output";

/** Combines the contexts a value was reached from into a direction. */
export function directionOf(contexts: ReadonlySet<Context>): Direction {
  const input = contexts.has("input");
  const output = contexts.has("output");
  return input && output ? "both" : input ? "input" : output ? "output" : "unused";
}

/**
 * For every named type of `iface`, the direction it is used in. Refs are followed by name,
 * transitively, with a visited set so recursive types terminate; anonymous structs and enums
 * written inline simply inherit the context of the place they appear in.
 */
export function typeUsage(iface: Interface): Map<string, Direction> {
  const reached = new Map<string, Set<Context>>();
  for (const member of iface.members) if (member.kind === "type") reached.set(member.name, new Set());

  // A work list rather than recursion: a chain of thousands of named types must not overflow the stack.
  const pending: Array<[Type, Context]> = [];
  for (const member of iface.members) {
    if (member.kind === "method") pending.push([member.input, "input"], [member.output, "output"]);
    else if (member.kind === "error") pending.push([member.parameters, "output"]);
  }
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [type, context] = next;
    switch (type.kind) {
      case "nullable":
        pending.push([type.inner, context]);
        break;
      case "array":
        pending.push([type.element, context]);
        break;
      case "map":
        pending.push([type.value, context]);
        break;
      case "struct":
        for (const field of type.fields) pending.push([field.type, context]);
        break;
      case "ref": {
        const seen = reached.get(type.name);
        if (seen === undefined || seen.has(context)) break;
        seen.add(context);
        const decl = findType(iface, type.name);
        if (decl !== undefined) pending.push([decl.type, context]);
        break;
      }
      default:
        break;
    }
  }
  return new Map([...reached].map(([name, contexts]) => [name, directionOf(contexts)]));
}
