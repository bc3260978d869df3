/**
 * Symbol-based imports (protoplugin's ImportSymbol idea): emitters ask for a symbol of a module
 * and get back the local name to write; the collector dedupes, aliases on a clash with a local
 * binding, splits `import type` from value imports and prints them in a stable order.
 */
import type { NameScope } from "../model/names.js";
import type { ImportDeclarationStructure, OptionalKind } from "ts-morph";
import { Kind } from "./structures.js";

interface Imported {
  readonly local: string;
  /** True while every use so far is in a type position. */
  typeOnly: boolean;
}

/** Collects the imports of one generated module. */
export class ImportCollector {
  /** module specifier → imported name → binding */
  readonly #modules = new Map<string, Map<string, Imported>>();

  constructor(
    /** The module's top-level names; imports are aliased around them. */
    private readonly scope: NameScope,
  ) {}

  /** Imports a value `name` from `from` and returns the local binding to write. */
  value(from: string, name: string): string {
    return this.#use(from, name, false);
  }

  /** Imports `name` from `from` for use in type positions only. */
  type(from: string, name: string): string {
    return this.#use(from, name, true);
  }

  #use(from: string, name: string, typeOnly: boolean): string {
    let names = this.#modules.get(from);
    if (names === undefined) this.#modules.set(from, (names = new Map()));
    const existing = names.get(name);
    if (existing !== undefined) {
      existing.typeOnly &&= typeOnly;
      return existing.local;
    }
    const local = this.scope.has(name) ? this.scope.claim(`${name}_`) : this.scope.claim(name);
    names.set(name, { local, typeOnly });
    return local;
  }

  /**
   * The import declarations: modules sorted by specifier, names sorted; a module whose symbols are
   * all types becomes `import type`, otherwise type-only symbols are marked inline (`type X`).
   */
  structures(): OptionalKind<ImportDeclarationStructure>[] {
    return [...this.#modules.keys()].sort().map((from) => {
      const names = [...this.#modules.get(from)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const allTypes = names.every(([, i]) => i.typeOnly);
      return {
        kind: Kind.ImportDeclaration,
        moduleSpecifier: from,
        isTypeOnly: allTypes,
        namedImports: names.map(([name, i]) => ({
          name,
          ...(i.local !== name ? { alias: i.local } : {}),
          ...(!allTypes && i.typeOnly ? { isTypeOnly: true } : {}),
        })),
      };
    });
  }
}
