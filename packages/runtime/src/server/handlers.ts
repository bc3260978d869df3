/**
 * Which member of a service object may answer a method: only a function the service itself
 * declares. Generated definitions look handlers up by name, and every object inherits members
 * such as `valueOf` (which returns the object itself, state and secrets included), `toString`
 * or `hasOwnProperty`; an IDL method `ValueOf` left unimplemented must answer
 * `MethodNotImplemented`, not run one of those.
 */

// The prototypes every object or function inherits from: members found there (or beyond) are
// the language's, never the service's. A null-prototype object simply ends the walk earlier.
const BUILT_IN_PROTOTYPES: ReadonlySet<object> = new Set([Object.prototype, Function.prototype]);

/**
 * The function `service[name]` when the service declares it: an own member, or one on its
 * prototype chain below `Object.prototype`/`Function.prototype` (a class's methods live on its
 * prototype). A member inherited from those built-ins, a `constructor` found on a prototype (the
 * class itself) or a non-function yields `undefined`.
 *
 * @internal For generated service definitions; no semver.
 */
export function serviceHandler(service: object, name: string): ((...args: never[]) => unknown) | undefined {
  for (
    let at: object | null = service;
    at !== null && !BUILT_IN_PROTOTYPES.has(at);
    at = Object.getPrototypeOf(at)
  ) {
    const found = Object.getOwnPropertyDescriptor(at, name);
    if (found === undefined) continue;
    // A class's prototype holds `constructor` (the class): never a handler unless set on the object.
    if (name === "constructor" && at !== service) return undefined;
    const value: unknown = "value" in found ? found.value : found.get?.call(service);
    return typeof value === "function" ? (value as (...args: never[]) => unknown) : undefined;
  }
  return undefined;
}
