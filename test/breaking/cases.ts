/**
 * The table of old/new interface pairs for the breaking-change tests: each case lists every
 * finding expected as `rule severity path` (in the engine's output order), which pins the rule,
 * the direction-dependent verdict and the location path at once.
 */

/** One old/new pair and the findings it must produce. */
export interface BreakingCase {
  readonly name: string;
  readonly old: string;
  readonly new: string;
  /** `"<rule> <breaking|safe> <path>"`, in output order; empty when nothing changed. */
  readonly want: readonly string[];
}

const I = "interface org.example.t\n";

export const cases: readonly BreakingCase[] = [
  {
    name: "identical interfaces",
    old: `${I}type P (x: int)\nmethod M(p: P) -> (q: P)\nerror E (r: string)`,
    new: `${I}# docs do not matter\ntype P (x: int)\n\nmethod M(p: P) -> (q: P)\nerror E (r: string)`,
    want: [],
  },
  {
    name: "interface renamed",
    old: `${I}method M() -> ()`,
    new: `interface org.example.u\nmethod M() -> ()`,
    want: ["interface-renamed breaking org.example.u"],
  },
  {
    name: "method removed",
    old: `${I}method A() -> ()\nmethod B() -> ()`,
    new: `${I}method A() -> ()`,
    want: ["method-removed breaking B"],
  },
  {
    name: "method added",
    old: `${I}method A() -> ()`,
    new: `${I}method A() -> ()\nmethod B(x: int) -> ()`,
    want: ["method-added safe B"],
  },
  {
    name: "method renamed (removed + added, with hint)",
    old: `${I}method Ping(x: string) -> (y: string)`,
    new: `${I}method Echo(x: string) -> (y: string)`,
    want: ["method-added safe Echo", "method-removed breaking Ping"],
  },
  {
    name: "error removed",
    old: `${I}method A() -> ()\nerror E ()`,
    new: `${I}method A() -> ()`,
    want: ["error-removed breaking E"],
  },
  {
    name: "error added",
    old: `${I}method A() -> ()`,
    new: `${I}method A() -> ()\nerror E (why: string)`,
    want: ["error-added safe E"],
  },
  {
    name: "used type removed (inlined with the same shape)",
    old: `${I}type P (x: int)\nmethod A(p: P) -> ()`,
    new: `${I}method A(p: (x: int)) -> ()`,
    want: ["ref-target-changed safe A.input.p", "type-removed breaking P"],
  },
  {
    name: "unused type removed",
    old: `${I}type P (x: int)\nmethod A() -> ()`,
    new: `${I}method A() -> ()`,
    want: ["type-removed safe P"],
  },
  {
    name: "type added",
    old: `${I}method A() -> ()`,
    new: `${I}type P (x: int)\nmethod A() -> ()`,
    want: ["type-added safe P"],
  },
  {
    name: "input field removed",
    old: `${I}method A(x: int, y: ?int) -> ()`,
    new: `${I}method A(x: int) -> ()`,
    want: ["field-removed breaking A.input.y"],
  },
  {
    name: "required output field removed",
    old: `${I}method A() -> (x: int, y: int)`,
    new: `${I}method A() -> (x: int)`,
    want: ["field-removed breaking A.output.y"],
  },
  {
    name: "nullable output field removed",
    old: `${I}method A() -> (x: int, y: ?int)`,
    new: `${I}method A() -> (x: int)`,
    want: ["field-removed safe A.output.y"],
  },
  {
    name: "required input field added",
    old: `${I}method A(x: int) -> ()`,
    new: `${I}method A(x: int, y: string) -> ()`,
    want: ["field-added breaking A.input.y"],
  },
  {
    name: "nullable input field added",
    old: `${I}method A(x: int) -> ()`,
    new: `${I}method A(x: int, y: ?string) -> ()`,
    want: ["field-added safe A.input.y"],
  },
  {
    name: "required output field added",
    old: `${I}method A() -> (x: int)`,
    new: `${I}method A() -> (x: int, y: string)`,
    want: ["field-added safe A.output.y"],
  },
  {
    name: "field type changed int -> string",
    old: `${I}method A(x: int) -> (y: int)`,
    new: `${I}method A(x: string) -> (y: string)`,
    want: ["type-changed breaking A.input.x", "type-changed breaking A.output.y"],
  },
  {
    name: "int widened to float: safe for input, breaking for output",
    old: `${I}method A(x: int) -> (y: int)`,
    new: `${I}method A(x: float) -> (y: float)`,
    want: ["type-changed safe A.input.x", "type-changed breaking A.output.y"],
  },
  {
    name: "input field made required",
    old: `${I}method A(x: ?int) -> ()`,
    new: `${I}method A(x: int) -> ()`,
    want: ["made-required breaking A.input.x"],
  },
  {
    name: "input field made nullable",
    old: `${I}method A(x: int) -> ()`,
    new: `${I}method A(x: ?int) -> ()`,
    want: ["made-nullable safe A.input.x"],
  },
  {
    name: "output field made nullable",
    old: `${I}method A() -> (x: int)`,
    new: `${I}method A() -> (x: ?int)`,
    want: ["made-nullable breaking A.output.x"],
  },
  {
    name: "output field made required",
    old: `${I}method A() -> (x: ?int)`,
    new: `${I}method A() -> (x: int)`,
    want: ["made-required safe A.output.x"],
  },
  {
    name: "enum value added to an input-only type",
    old: `${I}type C (red, green)\nmethod Paint(c: C) -> ()`,
    new: `${I}type C (red, green, blue)\nmethod Paint(c: C) -> ()`,
    want: ["enum-value-added safe C"],
  },
  {
    name: "enum value added to an output type",
    old: `${I}type C (red, green)\nmethod Get() -> (c: C)`,
    new: `${I}type C (red, green, blue)\nmethod Get() -> (c: C)`,
    want: ["enum-value-added breaking C"],
  },
  {
    name: "enum value removed from an input type",
    old: `${I}type C (red, green)\nmethod Paint(c: C) -> ()`,
    new: `${I}type C (red)\nmethod Paint(c: C) -> ()`,
    want: ["enum-value-removed breaking C"],
  },
  {
    name: "enum value removed from an output type",
    old: `${I}type C (red, green)\nmethod Get() -> (c: C)`,
    new: `${I}type C (red)\nmethod Get() -> (c: C)`,
    want: ["enum-value-removed safe C"],
  },
  {
    name: "enum value added to a type used both ways",
    old: `${I}type C (red)\nmethod Paint(c: C) -> ()\nmethod Get() -> (c: C)`,
    new: `${I}type C (red, blue)\nmethod Paint(c: C) -> ()\nmethod Get() -> (c: C)`,
    want: ["enum-value-added breaking C"],
  },
  {
    name: "anonymous enum inside an error follows the output direction",
    old: `${I}method A() -> ()\nerror E (why: (busy, gone))`,
    new: `${I}method A() -> ()\nerror E (why: (busy, gone, broken))`,
    want: ["enum-value-added breaking E.why"],
  },
  {
    name: "nested anonymous struct in input gets a required field",
    old: `${I}method A(o: (p: (x: int))) -> ()`,
    new: `${I}method A(o: (p: (x: int, y: int))) -> ()`,
    want: ["field-added breaking A.input.o.p.y"],
  },
  {
    name: "struct became an enum",
    old: `${I}type T (a: int)\nmethod A(t: T) -> ()`,
    new: `${I}type T (a, b)\nmethod A(t: T) -> ()`,
    want: ["struct-enum-swapped breaking T"],
  },
  {
    name: "ref target changed to an incompatible type",
    old: `${I}type P (x: int)\ntype Q (x: string)\nmethod A(p: P) -> ()`,
    new: `${I}type P (x: int)\ntype Q (x: string)\nmethod A(p: Q) -> ()`,
    want: ["type-changed breaking A.input.p.x", "ref-target-changed safe A.input.p"],
  },
  {
    name: "error parameter added and removed",
    old: `${I}method A() -> ()\nerror E (a: int, b: ?int)`,
    new: `${I}method A() -> ()\nerror E (a: int, c: int)`,
    want: ["field-added safe E.c", "field-removed safe E.b"],
  },
  {
    name: "array element and map value types are walked",
    old: `${I}method A(xs: []int, m: [string]int) -> (ys: []?string)`,
    new: `${I}method A(xs: []string, m: [string]?int) -> (ys: []string)`,
    want: [
      "type-changed breaking A.input.xs[]",
      "made-nullable safe A.input.m[string]",
      "made-required safe A.output.ys[]",
    ],
  },
  {
    name: "set became an array",
    old: `${I}method A(s: [string]()) -> ()`,
    new: `${I}method A(s: []string) -> ()`,
    want: ["type-changed breaking A.input.s"],
  },
  {
    name: "struct widened to object in input only",
    old: `${I}method A(o: (x: int)) -> (r: (x: int))`,
    new: `${I}method A(o: object) -> (r: object)`,
    want: ["type-changed safe A.input.o", "type-changed breaking A.output.r"],
  },
  {
    name: "recursive type changes terminate",
    old: `${I}type N (v: int, next: ?N)\nmethod A(n: N) -> (n: N)`,
    new: `${I}type N (v: string, next: ?N)\nmethod A(n: N) -> (n: N)`,
    want: ["type-changed breaking N.v"],
  },
  {
    name: "renamed recursive type is compared structurally",
    old: `${I}type N (v: int, next: ?N)\nmethod A(n: N) -> ()`,
    new: `${I}type L (v: int, next: ?L, w: int)\nmethod A(n: L) -> ()`,
    want: [
      "type-added safe L",
      "ref-target-changed safe A.input.n.next",
      "field-added breaking A.input.n.w",
      "ref-target-changed safe A.input.n",
      "type-removed breaking N",
    ],
  },
  {
    name: "unused type changes are reported as safe",
    old: `${I}type U (a: int)\nmethod A() -> ()`,
    new: `${I}type U (a: string, b: int)\nmethod A() -> ()`,
    want: ["type-changed safe U.a", "field-added safe U.b"],
  },
  {
    name: "more: none -> requires is breaking",
    old: `${I}method A() -> ()`,
    new: `${I}# [Requires 'more' flag]\nmethod A() -> ()`,
    want: ["method-more-changed breaking A"],
  },
  {
    name: "more: none -> supports is safe",
    old: `${I}method A() -> ()`,
    new: `${I}# [Supports 'more' flag]\nmethod A() -> ()`,
    want: ["method-more-changed safe A"],
  },
  {
    name: "more: requires -> supports is safe, supports -> none is breaking",
    old: `${I}# [Requires 'more' flag]\nmethod A() -> ()\n# [Supports 'more' flag]\nmethod B() -> ()`,
    new: `${I}# [Supports 'more' flag]\nmethod A() -> ()\nmethod B() -> ()`,
    want: ["method-more-changed safe A", "method-more-changed breaking B"],
  },
  {
    name: "any made ?T in output is a narrowing, not a new null (any admits null)",
    old: `${I}method A(x: any) -> (y: any)`,
    new: `${I}method A(x: ?int) -> (y: ?int)`,
    want: ["type-changed breaking A.input.x", "type-changed safe A.output.y"],
  },
  {
    name: "enum widened to string in input, string narrowed to enum in output (enum values are strings)",
    old: `${I}method A(x: (a, b)) -> (y: string, z: (a, b))`,
    new: `${I}method A(x: string) -> (y: (a, b), z: string)`,
    want: ["type-changed safe A.input.x", "type-changed safe A.output.y", "type-changed breaking A.output.z"],
  },
  {
    name: "type reached from input and an error through nested refs, arrays and maps: both",
    old: `${I}type E (a, b)\ntype W (e: E)\nmethod A(w: []W) -> ()\nerror X (m: [string]W)`,
    new: `${I}type E (a)\ntype W (e: ?E)\nmethod A(w: []W) -> ()\nerror X (m: [string]W)`,
    want: ["made-nullable breaking W.e", "enum-value-removed breaking E"],
  },
  {
    name: "anonymous struct to a named type of another shape",
    old: `${I}method A(p: (x: int)) -> ()`,
    new: `${I}type P (x: int, y: int)\nmethod A(p: P) -> ()`,
    want: ["type-added safe P", "field-added breaking A.input.p.y", "ref-target-changed safe A.input.p"],
  },
  {
    name: "more: requires -> none and supports -> requires are breaking",
    old: `${I}# [Requires 'more' flag]\nmethod A() -> ()\n# [Supports 'more' flag]\nmethod B() -> ()`,
    new: `${I}method A() -> ()\n# [Requires 'more' flag]\nmethod B() -> ()`,
    want: ["method-more-changed breaking A", "method-more-changed breaking B"],
  },
  {
    name: "error parameter of a named type: field added is safe, made nullable is breaking",
    old: `${I}type R (code: int)\nmethod A() -> ()\nerror X (r: R)`,
    new: `${I}type R (code: int, extra: string)\nmethod A() -> ()\nerror X (r: ?R)`,
    want: ["field-added safe R.extra", "made-nullable breaking X.r"],
  },
  {
    name: "anonymous struct to a named type of the same shape is safe both ways",
    old: `${I}method A(p: (x: int, e: (a, b))) -> (p: (x: int, e: (a, b)))`,
    new: `${I}type E (a, b)\ntype P (x: int, e: E)\nmethod A(p: P) -> (p: P)`,
    want: [
      "type-added safe E",
      "type-added safe P",
      "ref-target-changed safe A.input.p.e",
      "ref-target-changed safe A.output.p.e",
      "ref-target-changed safe A.input.p",
      "ref-target-changed safe A.output.p",
    ],
  },
];
