/**
 * Every Varlink → TypeScript naming decision, in one place (STYLE §3). The emitters never build a
 * name themselves; they ask this module, and `test/model/names.test.ts` pins the table.
 *
 * Decisions:
 * - Wire names (interface, method, error, field, enum value) are never changed; only the TypeScript
 *   bindings derived from them are.
 * - Module file: the interface name plus `.ts` (`org.example.more` → `org.example.more.ts`).
 * - Class prefix: the last interface-name segment in PascalCase, hyphens and digits handled
 *   (`org.example.more` → `More`, `io.systemd.user-db` → `UserDb`), giving `MoreClient`, `MoreService`.
 * - Client method bindings: camelCase of the method name (`GetUserInfo` → `getUserInfo`), the usual
 *   TypeScript convention; the wire name stays in the generated method table and JSDoc. Reserved
 *   words are legal member names and stay (`Delete` → `delete`); members the client class already
 *   has (`close`, `connect`, `varlink`, `constructor`) make the method's name yield (`close_2`).
 * - Anonymous struct/enum types: the owner's name plus the PascalCase field name, nested as deep as
 *   needed (`MyType.struct` → `MyTypeStruct`, `Test06` result field `struct` → `Test06ResultStruct`).
 *   The name depends only on the path, so adding a member elsewhere never renames it.
 * - Method and error parameter types: `<Method>Parameters`, `<Method>Result`, `<Error>Parameters`.
 * - Any binding equal to a reserved word or a global the generated code uses gets a trailing `_`;
 *   a binding already taken in its scope gets `_2`, `_3`, … in the order names are claimed.
 */

/** ECMAScript reserved words and TypeScript keywords that cannot (or should not) name a binding. */
const reservedWords: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false " +
    "finally for function if import in instanceof new null return super switch this throw true try " +
    "typeof var void while with as implements interface let package private protected public static " +
    "yield await async any boolean constructor declare get module require number set string symbol " +
    "type from of undefined unknown never object bigint keyof readonly infer is asserts unique satisfies " +
    "accessor out arguments eval NaN Infinity globalThis"
  ).split(" "),
);

/**
 * Global names generated code refers to; a Varlink type called `Record` or `Promise` must not
 * shadow them, so top-level bindings avoid these too.
 */
const globalNames: ReadonlySet<string> = new Set(
  (
    "Array AsyncGenerator AsyncIterable AsyncIterator BigInt Boolean Error ErrorOptions Function JSON " +
    "Map Math Number Object Partial Promise PromiseLike ReadonlyArray ReadonlySet Record RegExp Set " +
    "String Symbol TypeError AbortSignal Date Iterable Readonly Required Extract Exclude"
  ).split(" "),
);

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `name` can be written as a bare property key / identifier (ASCII only, as Varlink names are). */
export function isIdentifierName(name: string): boolean {
  return identifierPattern.test(name);
}

/**
 * A binding name that is legal TypeScript and does not shadow a global the generated code uses:
 * reserved words and such globals get a trailing `_`, anything else not an identifier is cleaned up.
 */
export function safeIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (id === "" || /^[0-9]/.test(id)) id = `_${id}`;
  return reservedWords.has(id) || globalNames.has(id) ? `${id}_` : id;
}

/** A property key as it must be written in an interface or object literal: quoted when not an identifier. */
export function propertyKey(name: string): string {
  return isIdentifierName(name) ? name : JSON.stringify(name);
}

/** `nullable_array_struct` → `NullableArrayStruct`, `user-db` → `UserDb`, `GetURL` → `GetURL`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_.]+/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** `GetUserInfo` → `getUserInfo`, `Test01` → `test01`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal === "" ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** The generated module's file name: `org.example.more` → `org.example.more.ts`. */
export function moduleFileName(interfaceName: string): string {
  return `${interfaceName}.ts`;
}

/** The prefix of per-interface bindings: the last name segment in PascalCase (`org.example.more` → `More`). */
export function interfacePrefix(interfaceName: string): string {
  const last = interfaceName.slice(interfaceName.lastIndexOf(".") + 1);
  return safeIdentifier(pascalCase(last));
}

/** The TypeScript name of a named Varlink type or an error class: as written, made safe. */
export function typeName(varlinkName: string): string {
  return safeIdentifier(varlinkName);
}

/** `<Method>Parameters`: the input struct of a method. */
export function methodParametersName(method: string): string {
  return `${method}Parameters`;
}

/** `<Method>Result`: the output struct of a method. */
export function methodResultName(method: string): string {
  return `${method}Result`;
}

/** `<Error>Parameters`: the parameter struct of a declared error. */
export function errorParametersName(error: string): string {
  return `${error}Parameters`;
}

/** The name of an anonymous struct or enum found in field `field` of the type named `owner`. */
export function anonymousTypeName(owner: string, field: string): string {
  return `${owner}${pascalCase(field)}`;
}

/** The validator function for a type: `MyType` → `validateMyType`. */
export function validatorName(type: string): string {
  return `validate${type}`;
}

/** The omit pass of a type (absent optionals left out of what is sent): `MyType` → `omitAbsentMyType`. */
export function omitterName(type: string): string {
  return `omitAbsent${type}`;
}

/** The readonly array of an enum's values: `Color` → `ColorValues`. */
export function enumValuesName(type: string): string {
  return `${type}Values`;
}

/** The type guard of an error class: `UserNotFound` → `isUserNotFound`. */
export function errorGuardName(errorClass: string): string {
  return `is${errorClass}`;
}

/**
 * Hands out unique binding names within one scope (a module's top level, a class's members).
 * Names are claimed in a fixed order, so the result is deterministic; a clash gets `_2`, `_3`, ….
 */
export class NameScope {
  readonly #taken = new Set<string>();

  /**
   * `reserved` names are taken from the start. A `members` scope (class members, interface
   * methods) allows reserved words, which are legal property names (`client.delete()`).
   */
  constructor(
    reserved: Iterable<string> = [],
    private readonly kind: "bindings" | "members" = "bindings",
  ) {
    for (const name of reserved) this.#taken.add(name);
  }

  /** Claims `wanted` (made safe first) or the first free `wanted_N`, and returns it. */
  claim(wanted: string): string {
    const base = this.kind === "members" && isIdentifierName(wanted) ? wanted : safeIdentifier(wanted);
    let name = base;
    for (let n = 2; this.#taken.has(name); n++) name = `${base}_${n}`;
    this.#taken.add(name);
    return name;
  }

  /** True when `name` is already claimed in this scope. */
  has(name: string): boolean {
    return this.#taken.has(name);
  }
}
