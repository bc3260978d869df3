/**
 * The org.varlink.certification test data: the interface text and, for every step, the call a
 * client makes and the reply a server gives, built from a server's choice of reply values (the
 * reference implementations' by default, varlink/go and varlink/python). Our certification
 * server answers them and checks each call against them; our client checks nothing against them.
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

/**
 * What a certification server answers, method by method. Every value is the server's choice:
 * the flow only fixes the types (the interface), that each reply is passed on as the next
 * call's parameters, that Test10 streams more than one reply, and that End answers whether the
 * client passed everything on exactly. A client checks replies against the interface, never
 * against one server's values; a server checks that the client sent back what it answered.
 */
export interface CertificationReplies {
  readonly Test01: { bool: boolean };
  readonly Test02: { int: number };
  readonly Test03: { float: number };
  readonly Test04: { string: string };
  readonly Test05: { bool: boolean; int: number; float: number; string: string };
  readonly Test06: { struct: { bool: boolean; int: number; float: number; string: string } };
  readonly Test07: { map: Record<string, string> };
  readonly Test08: { set: Record<string, Record<string, never>> };
  readonly Test09: { mytype: Json };
  /** The strings Test10 streams, in order. */
  readonly Test10: readonly string[];
}

const aLotOfString = "a lot of string";

/** Test05's reply, Test06's arguments (without client_id) and Test06's struct. */
const test05Values = { bool: false, int: 2, float: Math.PI, string: aLotOfString };

/** The MyType value the reference server's Test09 returns. */
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

/** The ten replies of the reference server's Test10, in order. */
export const TEST10_REPLIES: readonly string[] = Array.from(
  { length: 10 },
  (_, i) => `Reply number ${i + 1}`,
);

/** The reference server's choices (varlink/go, varlink/python): what our server answers by default. */
export const REFERENCE_REPLIES: CertificationReplies = {
  Test01: { bool: true },
  Test02: { int: 1 },
  Test03: { float: 1.0 },
  Test04: { string: "ping" },
  Test05: test05Values,
  Test06: { struct: test05Values },
  Test07: { map: { foo: "Foo", bar: "Bar" } },
  Test08: { set: { one: {}, two: {}, three: {} } },
  Test09: { mytype: MY_TYPE },
  Test10: TEST10_REPLIES,
};

/** One step of the certification: the call (without client_id) and the reply(ies). */
export interface CertificationStep {
  /** Method name within the interface. */
  readonly method: string;
  /** Call parameters besides `client_id`. */
  readonly parameters: Json;
  /** How the call is made. */
  readonly mode: "call" | "more" | "oneway";
  /** Reply parameters (every reply, for `more`); none for oneway. */
  readonly replies: readonly Json[];
}

/** The steps after Start for a server answering `replies`: each call carries the previous reply. */
export function certificationSteps(replies: CertificationReplies = REFERENCE_REPLIES): CertificationStep[] {
  const more = replies.Test10;
  return [
    { method: "Test01", parameters: {}, mode: "call", replies: [replies.Test01] },
    { method: "Test02", parameters: replies.Test01, mode: "call", replies: [replies.Test02] },
    { method: "Test03", parameters: replies.Test02, mode: "call", replies: [replies.Test03] },
    { method: "Test04", parameters: replies.Test03, mode: "call", replies: [replies.Test04] },
    { method: "Test05", parameters: replies.Test04, mode: "call", replies: [replies.Test05] },
    { method: "Test06", parameters: replies.Test05, mode: "call", replies: [replies.Test06] },
    { method: "Test07", parameters: replies.Test06, mode: "call", replies: [replies.Test07] },
    { method: "Test08", parameters: replies.Test07, mode: "call", replies: [replies.Test08] },
    { method: "Test09", parameters: replies.Test08, mode: "call", replies: [replies.Test09] },
    {
      method: "Test10",
      parameters: replies.Test09,
      mode: "more",
      replies: more.map((string) => ({ string })),
    },
    { method: "Test11", parameters: { last_more_replies: more }, mode: "oneway", replies: [] },
    { method: "End", parameters: {}, mode: "call", replies: [{ all_ok: true }] },
  ];
}

/** The certification steps after Start against the reference server's choices. */
export const CERTIFICATION_STEPS: readonly CertificationStep[] = certificationSteps();

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
