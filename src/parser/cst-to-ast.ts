/**
 * CST → AST: plain functions over the node types generated into grammar/cst.d.ts (faster than a
 * reflective BaseCstVisitor, and a renamed rule is a compile error here). Every node gets the
 * span of its first and last token; declarations, fields and enum values get their doc comment.
 */
import type { IToken } from "chevrotain";
import type {
  ArrayOrMapCstNode,
  ErrorDeclCstNode,
  InterfaceDeclCstNode,
  ItemCstNode,
  MemberCstNode,
  MethodDeclCstNode,
  ParensCstNode,
  TypeDeclCstNode,
  TypeExprCstNode,
} from "../../grammar/cst.js";
import type {
  AstInterfaceDecl,
  AstItem,
  AstMember,
  AstName,
  AstParens,
  AstPrimitive,
  AstType,
  Span,
} from "./ast.js";
import type { DocIndex } from "./doc-comments.js";
import { tokenEnd } from "./tokens.js";

function first<T>(list: readonly T[] | undefined): T {
  // The parser only builds these nodes when the rule completed, so required children exist.
  return list![0]!;
}

function nameOf(token: IToken): AstName {
  return { text: token.image, start: token.startOffset, end: tokenEnd(token) };
}

/** Converts a parsed `interfaceDecl`. */
export function toInterfaceDecl(node: InterfaceDeclCstNode, docs: DocIndex): AstInterfaceDecl {
  const keyword = first(node.children.Interface);
  const name = first(node.children.DottedName ?? node.children.Word);
  return {
    name: nameOf(name),
    start: keyword.startOffset,
    end: tokenEnd(name),
    doc: docs.docAt(keyword.startOffset),
  };
}

/** Converts a parsed `member`. */
export function toMember(node: MemberCstNode, docs: DocIndex): AstMember {
  const { typeDecl, methodDecl, errorDecl } = node.children;
  if (typeDecl) return toTypeDecl(first(typeDecl), docs);
  if (methodDecl) return toMethodDecl(first(methodDecl), docs);
  return toErrorDecl(first(errorDecl), docs);
}

function toTypeDecl(node: TypeDeclCstNode, docs: DocIndex): AstMember {
  const start = first(node.children.Type).startOffset;
  const body = toParens(first(node.children.parens), docs);
  return {
    kind: "type",
    name: nameOf(first(node.children.name)),
    body,
    start,
    end: body.end,
    doc: docs.docAt(start),
  };
}

function toMethodDecl(node: MethodDeclCstNode, docs: DocIndex): AstMember {
  const start = first(node.children.Method).startOffset;
  const input = toParens(first(node.children.input), docs);
  const output = toParens(first(node.children.output), docs);
  const name = nameOf(first(node.children.name));
  return { kind: "method", name, input, output, start, end: output.end, doc: docs.docAt(start) };
}

function toErrorDecl(node: ErrorDeclCstNode, docs: DocIndex): AstMember {
  const start = first(node.children.ErrorKw).startOffset;
  const parameters = toParens(first(node.children.parens), docs);
  const name = nameOf(first(node.children.name));
  return { kind: "error", name, parameters, start, end: parameters.end, doc: docs.docAt(start) };
}

function toParens(node: ParensCstNode, docs: DocIndex): AstParens {
  const open = first(node.children.LParen);
  const close = first(node.children.RParen);
  const items = (node.children.item ?? []).map((item) => toItem(item, docs));
  // Every comma needs an item before it (after `(` or the previous comma), and the last comma
  // one after it; a comma that lacks one is recorded once (`(,a)`, `(a,,b)`, `(a,)`, `(,)`).
  const emptyItems: Span[] = [];
  const commas = node.children.Comma ?? [];
  // Items and commas are both in source order: count the items before each comma in one pass.
  let next = 0;
  const itemsBefore = (offset: number) => {
    let count = 0;
    while (next < items.length && items[next]!.start < offset) {
      next++;
      count++;
    }
    return count;
  };
  commas.forEach((comma, i) => {
    const emptyBefore = itemsBefore(comma.startOffset) === 0;
    const emptyAfter = i === commas.length - 1 && itemsBefore(close.startOffset) === 0;
    if (emptyBefore || emptyAfter) emptyItems.push({ start: comma.startOffset, end: tokenEnd(comma) });
  });
  return { kind: "parens", items, emptyItems, start: open.startOffset, end: tokenEnd(close) };
}

function toItem(node: ItemCstNode, docs: DocIndex): AstItem {
  const name = nameOf(first(node.children.name));
  const type = node.children.typeExpr ? toType(first(node.children.typeExpr), docs) : undefined;
  return { name, type, start: name.start, end: type?.end ?? name.end, doc: docs.docAt(name.start) };
}

const primitiveKinds = [
  ["Bool", "bool"],
  ["Int", "int"],
  ["Float", "float"],
  ["String", "string"],
  ["ObjectKw", "object"],
  ["Any", "any"],
] as const;

function toType(node: TypeExprCstNode, docs: DocIndex): AstType {
  const c = node.children;
  let inner: AstType;
  if (c.arrayOrMap) inner = toArrayOrMap(first(c.arrayOrMap), docs);
  else if (c.parens) inner = toParens(first(c.parens), docs);
  else if (c.Identifier) {
    const token = first(c.Identifier);
    inner = { kind: "ref", name: token.image, start: token.startOffset, end: tokenEnd(token) };
  } else {
    const [key, kind] = primitiveKinds.find(([k]) => c[k] !== undefined)!;
    const token = first(c[key]);
    inner = { kind, start: token.startOffset, end: tokenEnd(token) } satisfies AstPrimitive;
  }
  // `??T` becomes nullable(nullable(T)); the model reports it.
  const questions = c.Question ?? [];
  for (let i = questions.length - 1; i >= 0; i--) {
    inner = { kind: "nullable", inner, start: questions[i]!.startOffset, end: inner.end };
  }
  return inner;
}

function toArrayOrMap(node: ArrayOrMapCstNode, docs: DocIndex): AstType {
  const start = first(node.children.LBracket).startOffset;
  const inner = toType(first(node.children.typeExpr), docs);
  return node.children.String
    ? { kind: "map", value: inner, start, end: inner.end }
    : { kind: "array", element: inner, start, end: inner.end };
}
