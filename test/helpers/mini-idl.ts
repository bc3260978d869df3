/**
 * TEMPORARY test-only IDL reader, until the front end's `loadInterface` lands on main: just
 * enough of the grammar (no checks, no error recovery) to build models for the breaking tests.
 */
import { SourceFile } from "../../src/diagnostics/source-file.js";
import type { EnumType, Field, Interface, Member, StructType, Type } from "../../src/model/model.js";

/** Reads one well-formed interface; throws on anything unexpected. */
export function miniIdl(text: string, name = "test.varlink"): Interface {
  const toks: { t: string; s: number; e: number; doc: string | undefined }[] = [];
  const re = /\s+|#[^\n]*|->|\[string\]|\[\]|[A-Za-z][A-Za-z0-9_.-]*|[():,?]/y;
  let doc: string[] = [];
  for (let i = 0; i < text.length;) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new Error(`bad char at ${i}`);
    const t = m[0];
    if (t.startsWith("#")) doc.push(t.replace(/^# ?/, ""));
    else if (!/^\s/.test(t)) {
      toks.push({ t, s: i, e: i + t.length, doc: doc.length ? doc.join("\n") : undefined });
      doc = [];
    }
    i += t.length;
  }
  let p = 0;
  const peek = () => toks[p]?.t;
  const next = () => {
    const t = toks[p++];
    if (!t) throw new Error("eof");
    return t;
  };
  const expect = (t: string) => {
    const x = next();
    if (x.t !== t) throw new Error(`expected ${t} got ${x.t}`);
    return x;
  };
  const type = (): Type => {
    const t = toks[p]!;
    if (t.t === "?") {
      next();
      const inner = type();
      return { kind: "nullable", inner, start: t.s, end: inner.end };
    }
    if (t.t === "[]" || t.t === "[string]") {
      next();
      const el = type();
      return t.t === "[]"
        ? { kind: "array", element: el, start: t.s, end: el.end }
        : { kind: "map", value: el, start: t.s, end: el.end };
    }
    if (t.t === "(") return structOrEnum();
    next();
    if (["bool", "int", "float", "string", "object", "any"].includes(t.t))
      return { kind: t.t as "int", start: t.s, end: t.e };
    return { kind: "ref", name: t.t, start: t.s, end: t.e };
  };
  const structOrEnum = (): StructType | EnumType => {
    const open = expect("(");
    if (peek() === ")") {
      const c = next();
      return { kind: "struct", fields: [], start: open.s, end: c.e };
    }
    const fields: Field[] = [];
    const values: { name: string; start: number; end: number; doc: undefined }[] = [];
    for (;;) {
      const n = next();
      if (peek() === ":") {
        next();
        const ty = type();
        fields.push({ name: n.t, type: ty, doc: n.doc, start: n.s, end: ty.end });
      } else values.push({ name: n.t, start: n.s, end: n.e, doc: undefined });
      const c = next();
      if (c.t === ")")
        return fields.length
          ? { kind: "struct", fields, start: open.s, end: c.e }
          : { kind: "enum", values, start: open.s, end: c.e };
    }
  };
  const iface = expect("interface");
  const nameTok = next();
  const members: Member[] = [];
  while (p < toks.length) {
    const kw = next();
    const n = next();
    const nameSpan = { start: n.s, end: n.e };
    if (kw.t === "type") {
      const ty = structOrEnum();
      members.push({ kind: "type", name: n.t, nameSpan, type: ty, doc: kw.doc, start: kw.s, end: ty.end });
    } else if (kw.t === "method") {
      const input = structOrEnum() as StructType;
      expect("->");
      const output = structOrEnum() as StructType;
      const more = /\[Requires 'more' flag\]/.test(kw.doc ?? "")
        ? "requires"
        : /\[Supports 'more' flag\]/.test(kw.doc ?? "")
          ? "supports"
          : undefined;
      members.push({
        kind: "method",
        name: n.t,
        nameSpan,
        input,
        output,
        doc: kw.doc,
        more,
        start: kw.s,
        end: output.end,
      });
    } else {
      const parameters = structOrEnum() as StructType;
      members.push({
        kind: "error",
        name: n.t,
        nameSpan,
        parameters,
        doc: kw.doc,
        start: kw.s,
        end: parameters.end,
      });
    }
  }
  return {
    kind: "interface",
    name: nameTok.t,
    nameSpan: { start: nameTok.s, end: nameTok.e },
    doc: iface.doc,
    members,
    source: new SourceFile(name, text),
    start: 0,
    end: text.length,
  };
}
