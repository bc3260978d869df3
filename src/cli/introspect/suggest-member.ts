/**
 * "Did you mean" for `call`: a method or interface the service says it lacks
 * (`MethodNotFound`, `InterfaceNotFound`) is compared with what the service itself describes.
 */
import { closest } from "../../model/suggest.js";

/** The method names an interface description declares (`method Name(` at a line start). */
export function methodNames(description: string): string[] {
  return [...description.matchAll(/^[ \t]*method[ \t]+([A-Z][A-Za-z0-9]*)/gm)].map((m) => m[1] as string);
}

/** Splits `org.example.ftl.Move` into interface and method (undefined without a dot). */
export function splitMethod(qualified: string): { iface: string; method: string } | undefined {
  const dot = qualified.lastIndexOf(".");
  return dot <= 0 ? undefined : { iface: qualified.slice(0, dot), method: qualified.slice(dot + 1) };
}

/** The closest interface among the service's, for an interface it does not have. */
export function suggestInterface(name: string, interfaces: readonly string[]): string | undefined {
  return closest(name, interfaces);
}

/** The closest qualified method of `iface` (whose description is given) to `method`. */
export function suggestMethod(iface: string, method: string, description: string): string | undefined {
  const guess = closest(method, methodNames(description));
  return guess === undefined ? undefined : `${iface}.${guess}`;
}
