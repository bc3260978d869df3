/**
 * Differential test against the reference parser of varlink/go (0.4, Debian's `varlink-go`):
 * each tricky input is fed to our front end and to `varlink-go-interface-generator`, which exits
 * non-zero on IDL its parser rejects. Both must agree, except where a row names the documented
 * reason they differ:
 * - `uapi`: a UAPI.20 addition Go 0.4 predates (`any`, upper-case field names, hyphens and
 *   upper case in interface names, `--` inside a later part);
 * - `go-lax`: a check VARLINK.md §1 requires that Go's parser does not make (unknown types,
 *   duplicate fields and enum values, lower-case member names, `_` at the end or doubled);
 * - `go-spacing`: whitespace between tokens inside a type (`? int`, `[] int`, `( )`), which
 *   VARLINK.md §1 allows anywhere and Go's character scanner does not;
 * - `go-needs-method`: Go rejects an interface without methods, the grammar needs any member.
 * Pinning the Go verdict as well means a row whose reason is wrong fails too.
 */
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { load } from "./helpers.js";

const generator = "varlink-go-interface-generator";

type Difference = "uapi" | "go-lax" | "go-spacing" | "go-needs-method";

/** [name, IDL text (`$M` is a plain method, so Go's "no methods" rule stays out of the way), valid per VARLINK.md, reason Go differs] */
const rows: Array<[string, string, boolean, Difference?]> = [
  ["plain interface", "interface org.example.a\n$M", true],
  ["hyphen in the first part", "interface a-b.c\n$M", true, "uapi"],
  ["double hyphen in the first part", "interface a--b.c\n$M", true, "uapi"],
  ["hyphen in a later part", "interface org.example.a-b\n$M", true, "uapi"],
  ["punycode part (double hyphen, later part)", "interface org.xn--bcher-kva.ch\n$M", true, "uapi"],
  ["upper case in the interface name", "interface Org.Example\n$M", true, "uapi"],
  ["part ending with a hyphen", "interface a-.c\n$M", false],
  ["name starting with a hyphen", "interface -a.c\n$M", false],
  ["name ending with a hyphen", "interface a.b-\n$M", false],
  ["single-part interface name", "interface a\n$M", false],
  ["later part starting with a digit", "interface a.1b\n$M", true],
  ["first part starting with a digit", "interface 1a.b\n$M", false],
  ["underscore in the interface name", "interface a_b.c\n$M", false],
  ["empty interface part", "interface a..b\n$M", false],
  ["no interface line", "method M() -> ()", false],
  ["two interface lines", "interface a.b\ninterface a.c\n$M", false],
  [
    "keywords as field names",
    "interface a.b\nmethod M(bool: int, int: int, float: int, string: int, object: int, enum: int, struct: int, interface: int, map: int, set: int, type: int, method: int, error: int) -> ()",
    true,
  ],
  ["keywords as enum values", "interface a.b\nmethod M(e: (type, method, error, interface)) -> ()", true],
  ["upper-case field name", "interface a.b\n$Mtype T (A1b: int)", true, "uapi"],
  ["any", "interface a.b\nmethod M(x: any) -> ()", true, "uapi"],
  ["digits and single underscores in a field name", "interface a.b\n$Mtype T (a1_b2: int)", true],
  ["field name ending with '_'", "interface a.b\n$Mtype T (a_: int)", false, "go-lax"],
  ["field name with '__'", "interface a.b\n$Mtype T (a__b: int)", false, "go-lax"],
  ["field name starting with '_'", "interface a.b\n$Mtype T (_a: int)", false],
  ["lower-case method name", "interface a.b\nmethod m() -> ()", false, "go-lax"],
  ["underscore in a method name", "interface a.b\nmethod M_x() -> ()", false],
  ["type name starting with a digit", "interface a.b\n$Mtype 2T (a)", false],
  ["?[]?[string]T", "interface a.b\n$Mtype T (a: ?[]?[string]int)", true],
  ["??T", "interface a.b\n$Mtype T (a: ??int)", false],
  ["[]??T", "interface a.b\n$Mtype T (a: []??int)", false],
  ["[string]() set", "interface a.b\n$Mtype T (a: [string]())", true],
  ["[int]T", "interface a.b\n$Mtype T (a: [int]int)", false],
  ["[] without a type", "interface a.b\nmethod M(a: []) -> ()", false],
  ["? without a type", "interface a.b\nmethod M(a: ?) -> ()", false],
  [
    "nested anonymous structs and enums",
    "interface a.b\nmethod M(a: int) -> (b: [](c: ?[string][]bool, d: (e, f)))",
    true,
  ],
  ["recursive type", "interface a.b\n$Mtype T (a: ?T)", true],
  ["unknown type", "interface a.b\n$Mtype T (a: U)", false, "go-lax"],
  ["method name used as a type", "interface a.b\n$Mtype T (a: M)", false, "go-lax"],
  ["duplicate field", "interface a.b\n$Mtype T (a: int, a: int)", false, "go-lax"],
  ["duplicate enum value", "interface a.b\n$Mtype T (a, a)", false, "go-lax"],
  ["duplicate member across kinds (type, method)", "interface a.b\n$Mtype M (a: int)", false],
  ["duplicate member across kinds (method, error)", "interface a.b\n$Merror M ()", false],
  ["trailing comma", "interface a.b\n$Mtype T (a: int,)", false],
  ["empty enum", "interface a.b\n$Mtype T (,)", false],
  ["empty struct", "interface a.b\nmethod M(a: ()) -> ()", true],
  ["enum and struct items mixed", "interface a.b\n$Mtype T (a, b: int)", false],
  ["method without '->'", "interface a.b\nmethod M(): ()", false],
  ["comma after a member", "interface a.b\nmethod M() -> (),", false],
  ["type without a body", "interface a.b\n$Mtype T", false],
  ["error without parameters", "interface a.b\n$Merror E", false],
  ["members on the interface line", "interface a.b $M", true],
  ["members on one line", "interface a.b\nmethod M() -> () error E ()", true],
  ["no spaces at all", "interface a.b\ntype T(a:int)\nmethod M()->()", true],
  ["tabs between tokens", "interface a.b\n\tmethod\tM(\ta\t:\tint\t)\t->\t()", true],
  ["comments between tokens", "interface #c\n a.b\nmethod M(a #c\n: #d\n int #e\n) -> ()", true],
  ["comment at the end without a newline", "interface a.b\n$M# end", true],
  ["CRLF line ends", "interface a.b\r\n# doc\r\nmethod M(a: int) -> ()\r\n# c\r\n", true],
  ["space inside an empty struct", "interface a.b\nmethod M ( ) -> ( )", true, "go-spacing"],
  ["space after '?'", "interface a.b\n$Mtype T (a: ? int)", true, "go-spacing"],
  ["space after '[]'", "interface a.b\nmethod M(a: [] int) -> ()", true, "go-spacing"],
  ["types only, no method", "interface a.b\ntype T ()", true, "go-needs-method"],
  ["no members", "interface a.b\n", false],
];

const method = "method M() -> ()\n";

describe("front end vs varlink/go's parser", () => {
  // The reference peer is part of the test set-up (.ci/run installs it): a missing one fails
  // loudly instead of silently skipping every row.
  beforeAll(() => {
    if (spawnSync(generator, [], { stdio: "ignore" }).error !== undefined)
      throw new Error(`${generator} is not installed (apt-get install varlink-go)`);
  });
  const dir = mkdtempSync(join(tmpdir(), "vlc-godiff-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(rows.map((row, i) => [row[0], row, i] as const))("%s", (_name, [, template, valid, differs], i) => {
    const text = template.replace("$M", method);
    const ours = load(text);
    expect(ours.value !== undefined, ours.diagnostics.map((d) => d.message).join("; ")).toBe(valid);
    const file = join(dir, `case${i}.varlink`);
    writeFileSync(file, text);
    const go = spawnSync(generator, [file], { cwd: dir, stdio: "ignore", timeout: PROCESS_LIMIT_MS });
    expect(go.error).toBeUndefined();
    expect(go.status === 0).toBe(differs === undefined ? valid : !valid);
  });
});
