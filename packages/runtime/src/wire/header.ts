/**
 * UAPI.20's rules for the members of call and reply objects (the "headers" besides
 * `parameters`): which are defined, what types they must have, and vendor extensions. A message
 * that breaks them is malformed and closes the connection; there is no well-defined reply.
 * @internal
 */
import type { Message } from "./connection.js";

/**
 * Vendor-extension members of a message: names in reverse-domain notation (`"org.example"`),
 * values as received. Read-only; an empty object when there are none.
 */
export type Extensions = Readonly<Record<string, unknown>>;

const NO_EXTENSIONS: Extensions = Object.freeze({});

/** A call whose header is well-formed. */
export interface CallHeader {
  readonly method: string;
  /** `{}` when absent or null. */
  readonly parameters: Record<string, unknown>;
  readonly oneway: boolean;
  readonly more: boolean;
  readonly upgrade: boolean;
  readonly extensions: Extensions;
}

/** A reply whose header is well-formed. */
export interface ReplyHeader {
  /** `{}` when absent or null. */
  readonly parameters: Record<string, unknown>;
  readonly continues: boolean;
  readonly error: string | undefined;
  readonly extensions: Extensions;
}

/**
 * True for a name UAPI.20 counts as prefixed (a vendor extension): "such names always contain at
 * least one `.`", which no member the spec defines does. Receivers only need this distinction;
 * {@link checkOutgoingExtensions} is stricter about what we send.
 */
export function isExtensionName(name: string): boolean {
  return name.includes(".");
}

/** The reverse-domain notation of the IDL's interface names (at least two components). */
const reverseDomain = /^[A-Za-z](-*[A-Za-z0-9])*(\.[A-Za-z0-9](-*[A-Za-z0-9])*)+$/;

function isParameters(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "object" && !Array.isArray(value));
}

/** The flags are typed `?bool`: absent and null mean false. */
function isFlag(value: unknown): boolean {
  return value === undefined || value === null || typeof value === "boolean";
}

const callMembers: ReadonlySet<string> = new Set(["method", "parameters", "oneway", "more", "upgrade"]);
const replyMembers: ReadonlySet<string> = new Set(["parameters", "continues", "error"]);

/**
 * The message's vendor-extension members, or why it is malformed: a member that is neither
 * one of `known` nor prefixed. Allocates nothing for the common message without extensions.
 */
function extensionsOf(message: Message, known: ReadonlySet<string>, what: string): Extensions | string {
  let extensions: Record<string, unknown> | undefined;
  for (const key in message) {
    if (known.has(key)) continue;
    if (!isExtensionName(key)) return `unknown member ${JSON.stringify(key)} in ${what}`;
    (extensions ??= {})[key] = message[key];
  }
  return extensions === undefined ? NO_EXTENSIONS : Object.freeze(extensions);
}

/**
 * Reads a call, or returns why it is malformed: a missing or non-string `method`, a flag that is
 * neither boolean nor null (the call is typed `oneway: ?bool` etc.), more than one of `oneway`/`more`/`upgrade` true, `parameters` that are not an object
 * (the call is defined as `parameters: ?object`, so it is a malformed header, not a bad
 * parameter; sd-varlink closes too), or an unknown member without a `.`.
 */
export function readCall(message: Message): CallHeader | string {
  const extensions = extensionsOf(message, callMembers, "call");
  if (typeof extensions === "string") return extensions;
  const { method, parameters, oneway, more, upgrade } = message;
  if (typeof method !== "string") return "call without a string 'method'";
  if (!isParameters(parameters)) return "call 'parameters' is not an object";
  if (!isFlag(oneway) || !isFlag(more) || !isFlag(upgrade)) {
    return "call flag 'oneway', 'more' or 'upgrade' is not a boolean";
  }
  if (Number(oneway === true) + Number(more === true) + Number(upgrade === true) > 1) {
    return "call sets more than one of 'oneway', 'more' and 'upgrade'";
  }
  return {
    method,
    parameters: (parameters ?? {}) as Record<string, unknown>,
    oneway: oneway === true,
    more: more === true,
    upgrade: upgrade === true,
    extensions,
  };
}

/**
 * Reads a reply, or returns why it is malformed: `parameters` not an object, a non-string
 * `error`, a non-boolean `continues`, `continues: true` on an error reply (an error always ends
 * its call), or an unknown member without a `.`.
 */
export function readReply(message: Message): ReplyHeader | string {
  const extensions = extensionsOf(message, replyMembers, "reply");
  if (typeof extensions === "string") return extensions;
  const { parameters, continues, error } = message;
  if (!isParameters(parameters)) return "reply 'parameters' is not an object";
  if (error !== undefined && error !== null && typeof error !== "string") {
    return "reply 'error' is not a string";
  }
  if (!isFlag(continues)) return "reply 'continues' is not a boolean";
  if (continues === true && typeof error === "string") return "error reply sets 'continues'";
  return {
    parameters: (parameters ?? {}) as Record<string, unknown>,
    continues: continues === true,
    error: typeof error === "string" ? error : undefined,
    extensions,
  };
}

/** How many names {@link isCheckedName} remembers before it starts again. */
export const CHECKED_NAMES_LIMIT = 256;
const checkedNames = new Set<string>();

/**
 * True when `name` is in reverse-domain notation. A process sends a few names on every call (the
 * trace member on each propagating call), so those that passed are remembered instead of matched
 * again; the set is cleared when it is full, as a caller may send any number of names.
 */
function isCheckedName(name: string): boolean {
  if (checkedNames.has(name)) return true;
  if (!reverseDomain.test(name)) return false;
  if (checkedNames.size >= CHECKED_NAMES_LIMIT) checkedNames.clear();
  checkedNames.add(name);
  return true;
}

/**
 * Checks extension members before they are sent: every name in reverse-domain notation (so a
 * peer cannot take it for a protocol member), every value a JSON object ("added members MUST be
 * nested in an object"). Throws a `TypeError` naming the first bad member.
 */
export function checkOutgoingExtensions(extensions: Extensions): void {
  for (const name of Object.keys(extensions)) {
    const value = extensions[name];
    if (!isCheckedName(name)) {
      throw new TypeError(`extension member ${JSON.stringify(name)} is not a reverse-domain name`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError(`extension member ${JSON.stringify(name)} is not an object`);
    }
  }
}

/**
 * The JSON text of extension members to append to a message (`,"org.example":{...}`), `""` for
 * none. Throws when they are invalid or cannot be serialized (before anything is queued).
 */
export function encodeExtensions(extensions: Extensions | undefined): string {
  if (extensions === undefined) return "";
  checkOutgoingExtensions(extensions);
  let text = "";
  for (const name of Object.keys(extensions)) {
    // A reverse-domain name is letters, digits, `-` and `.`: its JSON is itself in quotes.
    text += `,"${name}":${JSON.stringify(extensions[name])}`;
  }
  return text;
}
