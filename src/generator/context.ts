/**
 * Everything the emitters of one module share: the interface, the resolved options, the module's
 * name scope and imports, and the plan of every declaration to emit with its final names. The plan
 * is made once, in source order, before any emitter runs, so every emitter agrees on names.
 */
import type { Doc, EnumType, ErrorDecl, Interface, MethodDecl, StructType, Type } from "../model/model.js";
import {
  NameScope,
  anonymousTypeName,
  camelCase,
  enumValuesName,
  errorGuardName,
  errorParametersName,
  interfacePrefix,
  methodParametersName,
  methodResultName,
  typeName,
  validatorName,
} from "../model/names.js";
import { ImportCollector } from "./imports.js";
import type { ResolvedOptions } from "./options.js";

/** A struct or enum that gets its own exported type and validator. */
export interface Shape {
  /** The exported TypeScript type. */
  readonly name: string;
  /** Its generated validator function. */
  readonly validator: string;
  readonly type: StructType | EnumType;
  readonly doc: Doc;
  /** Enums: the exported readonly array of values (empty for structs). */
  readonly companion: string;
}

/** Names generated for one method. */
export interface MethodPlan {
  readonly decl: MethodDecl;
  /** Fully qualified wire name, `org.example.more.Ping`. */
  readonly wireName: string;
  readonly parameters: Shape;
  readonly result: Shape;
  /**
   * The client method: a plain call, or the stream when the method requires `more`; `more` and
   * `oneway` calls go through its options (`{ more: true }`, `{ oneway: true }`).
   */
  readonly call: string;
  /** Handler member name in the service interface. */
  readonly handler: string;
}

/** Names generated for one declared error. */
export interface ErrorPlan {
  readonly decl: ErrorDecl;
  readonly wireName: string;
  readonly parameters: Shape;
  readonly className: string;
  readonly guard: string;
}

/** Per-interface API names: client, service, registration. */
export interface ApiNames {
  readonly client: string;
  readonly clientOptions: string;
  readonly service: string;
  readonly serviceOptions: string;
  readonly register: string;
  readonly createDefinition: string;
  readonly description: string;
  readonly narrowError: string;
}

/** Members every generated client class has; method bindings avoid them. */
const clientMembers = ["close", "constructor", "connect", "varlink"];

/** The shared state of one module's emitters. */
export class GeneratorContext {
  readonly scope: NameScope;
  readonly imports: ImportCollector;
  readonly shapes: Shape[] = [];
  readonly methods: MethodPlan[] = [];
  readonly errors: ErrorPlan[] = [];
  readonly api: ApiNames;
  readonly #anonymous = new Map<StructType | EnumType, Shape>();
  readonly #named = new Map<string, Shape>();
  /**
   * The module specifier generated code imports the runtime from. A field, built once: `rt` is
   * called for every helper in every check, and a new string each time would be hashed anew by
   * every lookup in the import collector's maps.
   */
  readonly runtimeSpecifier: string;

  constructor(
    readonly iface: Interface,
    readonly options: ResolvedOptions,
  ) {
    const { runtime, importExtension } = options;
    this.runtimeSpecifier = runtime === "bundled" ? `./runtime/index${importExtension}` : runtime.specifier;
    this.scope = new NameScope();
    this.imports = new ImportCollector(this.scope);
    // Declared names first, so they keep their exact spelling; derived names yield on a clash.
    const declared = new Map<string, string>();
    for (const member of iface.members) {
      if (member.kind !== "method") declared.set(member.name, this.scope.claim(typeName(member.name)));
    }
    const prefix = interfacePrefix(iface.name);
    this.api = {
      client: this.scope.claim(`${prefix}Client`),
      clientOptions: this.scope.claim(`${prefix}ClientOptions`),
      service: this.scope.claim(`${prefix}Service`),
      serviceOptions: this.scope.claim(`${prefix}ServiceOptions`),
      register: this.scope.claim(`register${prefix}Service`),
      createDefinition: this.scope.claim(`create${prefix}Definition`),
      description: this.scope.claim(`${prefix}Description`),
      narrowError: this.scope.claim(`narrow${prefix}Error`),
    };
    const members = new NameScope(clientMembers, "members");
    const handlers = new NameScope(["constructor"], "members");
    for (const member of iface.members) {
      const wireName = `${iface.name}.${member.name}`;
      if (member.kind === "type") {
        this.#plan(member.type, member.name, member.doc, declared.get(member.name));
      } else if (member.kind === "error") {
        const className = declared.get(member.name)!;
        const parameters = this.#plan(member.parameters, errorParametersName(member.name), undefined, null);
        this.errors.push({
          decl: member,
          wireName,
          parameters,
          className,
          guard: this.scope.claim(errorGuardName(className)),
        });
      } else {
        const parameters = this.#plan(member.input, methodParametersName(member.name), undefined, null);
        const result = this.#plan(member.output, methodResultName(member.name), undefined, null);
        const binding = camelCase(member.name);
        this.methods.push({
          decl: member,
          wireName,
          parameters,
          result,
          call: members.claim(binding),
          handler: handlers.claim(binding),
        });
      }
    }
  }

  /**
   * Plans `type` as a shape when it is a struct or enum (and recurses into its fields); for
   * wrappers (`?`, `[]`, `[string]`) plans the element under the same name. `base` is the
   * unescaped name every derived name starts from; `declared` is the already claimed name of a
   * named type, `null` for other top-level structs (parameters, results), `undefined` for
   * anonymous types inside fields.
   */
  #plan(type: StructType | EnumType, base: string, doc: Doc, declared: string | null): Shape;
  #plan(type: Type, base: string, doc: Doc, declared?: string | null): Shape | undefined;
  #plan(type: Type, base: string, doc: Doc, declared?: string | null): Shape | undefined {
    const named = declared !== undefined;
    switch (type.kind) {
      case "nullable":
        return this.#plan(type.inner, base, doc);
      case "array":
        return this.#plan(type.element, base, doc);
      case "map":
        return this.#plan(type.value, base, doc);
      case "struct":
      case "enum": {
        // An anonymous `()` is written inline as `Record<string, never>`; it needs no declaration.
        if (!named && type.kind === "struct" && type.fields.length === 0) return undefined;
        const tsName = declared ?? this.scope.claim(base);
        const shape: Shape = {
          name: tsName,
          validator: this.scope.claim(validatorName(base)),
          type,
          doc,
          companion: type.kind === "enum" ? this.scope.claim(enumValuesName(base)) : "",
        };
        this.shapes.push(shape);
        if (named) this.#named.set(tsName, shape);
        else this.#anonymous.set(type, shape);
        if (type.kind === "struct") {
          for (const field of type.fields)
            this.#plan(field.type, anonymousTypeName(base, field.name), field.doc);
        }
        return shape;
      }
      default:
        return undefined;
    }
  }

  /** The shape of an anonymous struct/enum node, or of a named type by its Varlink name. */
  shapeOf(type: StructType | EnumType | { kind: "ref"; name: string }): Shape | undefined {
    if (type.kind === "ref") return this.#named.get(typeName(type.name)) ?? this.#byVarlinkName(type.name);
    return this.#anonymous.get(type);
  }

  #byVarlinkName(name: string): Shape | undefined {
    const decl = this.iface.members.find((m) => m.kind === "type" && m.name === name);
    return decl?.kind === "type" ? this.shapes.find((s) => s.type === decl.type) : undefined;
  }

  /** Imports a runtime value and returns its local name. */
  rt(name: string): string {
    return this.imports.value(this.runtimeSpecifier, name);
  }

  /** Imports a runtime type and returns its local name. */
  rtType(name: string): string {
    return this.imports.type(this.runtimeSpecifier, name);
  }
}

/** JSDoc text from a Varlink doc comment; `*\/` is escaped so it cannot end the comment. */
export function jsDoc(...parts: (string | undefined)[]): string[] {
  const text = parts.filter((p): p is string => p !== undefined && p !== "").join("\n\n");
  return text === "" ? [] : [text.replaceAll("*/", "*\\/")];
}
