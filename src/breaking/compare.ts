/**
 * Compares two versions of one interface member by member (methods, errors, types) and hands
 * the types to the structural, direction-aware `TypeComparer`. See docs/breaking.md for the rules.
 */
import { membersOf, type Interface, type MethodDecl, type Member } from "../model/model.js";
import { TypeComparer } from "./compare-types.js";
import type { Finding } from "./finding.js";
import { sameShape } from "./same-shape.js";
import { FindingSink } from "./sink.js";
import { typeUsage } from "./usage.js";

/**
 * Every change from `oldIface` to `newIface`, each with a rule id, a severity (`breaking` when
 * peers built against the old interface can fail on the wire, else `safe`), the direction of the
 * changed value, and a location in the new file (in the old file for removals).
 */
export function compareInterfaces(oldIface: Interface, newIface: Interface): Finding[] {
  const sink = new FindingSink(oldIface, newIface);
  const types = new TypeComparer(oldIface, newIface, sink);

  if (oldIface.name !== newIface.name) {
    sink.add({
      rule: "interface-renamed",
      path: newIface.name,
      context: undefined,
      breaking: true,
      what: `interface '${oldIface.name}' was renamed to '${newIface.name}'`,
      why: "method and error names on the wire are qualified by the interface name",
      side: "new",
      span: newIface.nameSpan,
    });
  }

  const oldMethods = membersOf(oldIface, "method");
  const newMethods = membersOf(newIface, "method");
  for (const o of oldMethods) {
    const n = newMethods.find((m) => m.name === o.name);
    if (n === undefined) continue;
    types.compare(o.input, n.input, "input", `${o.name}.input`);
    types.compare(o.output, n.output, "output", `${o.name}.output`);
    compareMore(o, n, sink);
  }
  for (const o of membersOf(oldIface, "error")) {
    const n = membersOf(newIface, "error").find((e) => e.name === o.name);
    if (n !== undefined) types.compare(o.parameters, n.parameters, "output", o.name);
  }
  // Named types no surviving method or error reaches still get compared, as information.
  for (const o of membersOf(oldIface, "type")) {
    const n = membersOf(newIface, "type").find((t) => t.name === o.name);
    if (n !== undefined && !types.walked(o.name, "input") && !types.walked(o.name, "output")) {
      types.compareNamed(o.name, "unused");
    }
  }

  addedAndRemoved(oldIface, newIface, sink);
  return sink.finish();
}

const why = {
  method: {
    removed: "old clients still call it and get MethodNotFound",
    added: "old clients never call it",
  },
  error: {
    removed: "clients match on error names; the condition is now reported some other way they do not expect",
    added: "old clients treat an unknown error like any other failure",
  },
  type: {
    removed: "peers' bindings and tools built from the published description refer to it by name",
    added: "nothing old refers to it",
  },
} as const;

function addedAndRemoved(oldIface: Interface, newIface: Interface, sink: FindingSink): void {
  const oldUsage = typeUsage(oldIface);
  for (const kind of ["method", "error", "type"] as const) {
    const olds: readonly Member[] = membersOf(oldIface, kind);
    const news: readonly Member[] = membersOf(newIface, kind);
    const removed = olds.filter((o) => !news.some((n) => n.name === o.name));
    const added = news.filter((n) => !olds.some((o) => o.name === n.name));
    for (const o of removed) {
      const renamedTo = added.find((n) => sameSignature(o, n));
      const unused = kind === "type" && oldUsage.get(o.name) === "unused";
      sink.add({
        rule: `${kind}-removed`,
        path: o.name,
        context: undefined,
        breaking: !unused,
        what: `${kind} '${o.name}' was removed`,
        why: unused ? "no method or error used it, so no peer ever saw it on the wire" : why[kind].removed,
        hint: renamedTo === undefined ? undefined : `renamed to '${renamedTo.name}'? (same definition)`,
        side: "old",
        span: o.nameSpan,
      });
    }
    for (const n of added) {
      sink.add({
        rule: `${kind}-added`,
        path: n.name,
        context: undefined,
        breaking: false,
        what: `${kind} '${n.name}' was added`,
        why: why[kind].added,
        side: "new",
        span: n.nameSpan,
      });
    }
  }
}

/** True when two members have the same kind and the same shape (names of the members themselves aside). */
export function sameSignature(a: Member, b: Member): boolean {
  if (a.kind === "method" && b.kind === "method") {
    return sameShape(a.input, b.input) && sameShape(a.output, b.output);
  }
  if (a.kind === "error" && b.kind === "error") return sameShape(a.parameters, b.parameters);
  if (a.kind === "type" && b.kind === "type") return sameShape(a.type, b.type);
  return false;
}

function compareMore(o: MethodDecl, n: MethodDecl, sink: FindingSink): void {
  if (o.more === n.more) return;
  const label = (m: MethodDecl["more"]): string => (m === undefined ? "no 'more' annotation" : `'${m}' more`);
  // Safe only when the new server accepts every old way of calling: adding "supports", or relaxing
  // "requires" to "supports". Requiring `more` rejects plain calls (ExpectedMore); dropping it
  // leaves streaming clients with a single reply.
  const safe =
    (o.more === undefined && n.more === "supports") || (o.more === "requires" && n.more === "supports");
  sink.add({
    rule: "method-more-changed",
    path: n.name,
    context: undefined,
    breaking: !safe,
    what: `method '${n.name}' changed from ${label(o.more)} to ${label(n.more)}`,
    why: safe
      ? "every old way of calling it still works"
      : n.more === "requires"
        ? "old clients call it without 'more' and now get ExpectedMore"
        : "old clients calling with 'more' expect a stream of replies",
    side: "new",
    span: n.nameSpan,
  });
}
