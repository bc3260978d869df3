/**
 * The org.varlink.certification test data: the interface text and, for every step, the exact
 * call a client must make and the exact reply a server must give (values from the reference
 * implementations, varlink/go and varlink/python). Shared by our hand-written certification
 * server and client, and reusable by generated ones.
 */

/** Interface name. */
export const CERTIFICATION_INTERFACE = "org.varlink.certification";

/** The interface's IDL (as shipped with varlink/go). */
export const CERTIFICATION_IDL = `# Interface to test varlink implementations against.
# First you write a varlink client calling:
# Start, Test01, Test02, …, Test09, End
# The return value of the previous call should be the argument of the next call.
# Then you test this client against well known servers like python or rust from
# https://github.com/varlink/
#
# Next you write a varlink server providing the same service as the well known ones.
# Now run your client against it and run well known clients like python or rust
# from https://github.com/varlink/ against your server. If all works out, then
# your new language bindings should be varlink certified.
interface org.varlink.certification

type Interface (
  foo: ?[]?[string](foo, bar, baz),
  anon: (foo: bool, bar: bool)
)

type MyType (
  object: object,
  enum: (one, two, three),
  struct: (first: int, second: string),
  array: []string,
  dictionary: [string]string,
  stringset: [string](),
  nullable: ?string,
  nullable_array_struct: ?[](first: int, second: string),
  interface: Interface
)

method Start() -> (client_id: string)

method Test01(client_id: string) -> (bool: bool)

method Test02(client_id: string, bool: bool) -> (int: int)

method Test03(client_id: string, int: int) -> (float: float)

method Test04(client_id: string, float: float) -> (string: string)

method Test05(client_id: string, string: string) -> (
  bool: bool,
  int: int,
  float: float,
  string: string
)

method Test06(
  client_id: string,
  bool: bool,
  int: int,
  float: float,
  string: string
) -> (
  struct: (
    bool: bool,
    int: int,
    float: float,
    string: string
  )
)

method Test07(
  client_id: string,
  struct: (
    bool: bool,
    int: int,
    float: float,
    string: string
  )
) -> (map: [string]string)

method Test08(client_id: string, map: [string]string) -> (set: [string]())

method Test09(client_id: string, set: [string]()) -> (mytype: MyType)

# returns more than one reply with "continues"
method Test10(client_id: string, mytype: MyType) -> (string: string)

method Test11(
  client_id: string,
  last_more_replies: []string
) -> ()

method End(client_id: string) -> (all_ok: bool)

error ClientIdError ()

error CertificationError (wants: object, got: object)
`;

/** Error names of the interface. */
export const CLIENT_ID_ERROR = `${CERTIFICATION_INTERFACE}.ClientIdError`;
export const CERTIFICATION_ERROR = `${CERTIFICATION_INTERFACE}.CertificationError`;

type Json = Record<string, unknown>;

const aLotOfString = "a lot of string";

/** Test05's reply, Test06's arguments (without client_id) and Test06's struct. */
const test05Values = { bool: false, int: 2, float: Math.PI, string: aLotOfString };

const mapValue = { foo: "Foo", bar: "Bar" };
const setValue = { one: {}, two: {}, three: {} };

/** The MyType value Test09 returns and Test10 must receive. */
export const MY_TYPE: Json = {
  object: { method: "org.varlink.certification.Test09", parameters: { map: { foo: "Foo", bar: "Bar" } } },
  enum: "two",
  struct: { first: 1, second: "2" },
  array: ["one", "two", "three"],
  dictionary: { foo: "Foo", bar: "Bar" },
  stringset: { one: {}, two: {}, three: {} },
  interface: {
    foo: [null, { Foo: "foo", Bar: "bar" }, null, { one: "foo", two: "bar" }],
    anon: { foo: true, bar: false },
  },
};

/** The ten replies of Test10, in order. */
export const TEST10_REPLIES: readonly string[] = Array.from(
  { length: 10 },
  (_, i) => `Reply number ${i + 1}`,
);

/** One step of the certification: the call (without client_id) and the reply(ies). */
export interface CertificationStep {
  /** Method name within the interface. */
  readonly method: string;
  /** Call parameters besides `client_id`. */
  readonly parameters: Json;
  /** How the call is made. */
  readonly mode: "call" | "more" | "oneway";
  /** Expected reply parameters (every reply, for `more`); none for oneway. */
  readonly replies: readonly Json[];
}

/** The certification steps after Start, in order. */
export const CERTIFICATION_STEPS: readonly CertificationStep[] = [
  { method: "Test01", parameters: {}, mode: "call", replies: [{ bool: true }] },
  { method: "Test02", parameters: { bool: true }, mode: "call", replies: [{ int: 1 }] },
  { method: "Test03", parameters: { int: 1 }, mode: "call", replies: [{ float: 1.0 }] },
  { method: "Test04", parameters: { float: 1.0 }, mode: "call", replies: [{ string: "ping" }] },
  { method: "Test05", parameters: { string: "ping" }, mode: "call", replies: [test05Values] },
  { method: "Test06", parameters: test05Values, mode: "call", replies: [{ struct: test05Values }] },
  { method: "Test07", parameters: { struct: test05Values }, mode: "call", replies: [{ map: mapValue }] },
  { method: "Test08", parameters: { map: mapValue }, mode: "call", replies: [{ set: setValue }] },
  { method: "Test09", parameters: { set: setValue }, mode: "call", replies: [{ mytype: MY_TYPE }] },
  {
    method: "Test10",
    parameters: { mytype: MY_TYPE },
    mode: "more",
    replies: TEST10_REPLIES.map((string) => ({ string })),
  },
  { method: "Test11", parameters: { last_more_replies: TEST10_REPLIES }, mode: "oneway", replies: [] },
  { method: "End", parameters: {}, mode: "call", replies: [{ all_ok: true }] },
];

/**
 * Deep equality of JSON values where, inside objects, an absent field and a `null` field mean
 * the same (Varlink nullable fields); `null` elements of arrays still count.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ra = a as Json;
  const rb = b as Json;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    const va = Object.hasOwn(ra, key) ? ra[key] : null;
    const vb = Object.hasOwn(rb, key) ? rb[key] : null;
    if (!jsonEqual(va ?? null, vb ?? null)) return false;
  }
  return true;
}
