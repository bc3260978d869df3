/**
 * Front-end benchmark: generates about 1 MB of IDL (types with nested anonymous structs and
 * enums, methods, errors, doc comments), then times lexing, parsing to the AST, the full
 * `loadInterface` (lex + parse + build + checks) and formatting. Reports the median of several
 * runs and, as a same-process baseline, the ratio to `JSON.parse` of the resulting model as JSON
 * (the same information, in a format with a hand-tuned native parser).
 *
 * Run: npx tsx bench/parse.ts [targetBytes] [--dist]
 *
 * `--dist` measures the compiled output (`npm run build` first), which is what the CLI runs;
 * under tsx every arrow function the parser creates per rule call is wrapped by esbuild's
 * keep-names helper, which makes the source figures slower than real use.
 */
import type * as SourceFileModule from "../src/diagnostics/source-file.js";
import type * as FormatModule from "../src/format/index.js";
import type * as ModelModule from "../src/model/index.js";
import type * as ParserModule from "../src/parser/index.js";
import type * as TokensModule from "../src/parser/tokens.js";

const base = process.argv.includes("--dist") ? "../dist/" : "../src/";
const { SourceFile } = (await import(`${base}diagnostics/source-file.js`)) as typeof SourceFileModule;
const { formatSource } = (await import(`${base}format/index.js`)) as typeof FormatModule;
const { loadInterface } = (await import(`${base}model/index.js`)) as typeof ModelModule;
const { parseFile } = (await import(`${base}parser/index.js`)) as typeof ParserModule;
const { varlinkLexer } = (await import(`${base}parser/tokens.js`)) as typeof TokensModule;

function generate(targetBytes: number): string {
  const parts = ["# Generated benchmark interface.\ninterface org.example.bench\n"];
  let size = parts[0]!.length;
  for (let i = 0; size < targetBytes; i++) {
    const block = `
# A record number ${i}.
# [Supports 'more' flag]
type Record${i} (
  # The identifier.
  id: string,
  count: int,
  ratio: ?float,
  tags: [string](),
  labels: [string]string,
  state: (active, inactive, deleted),
  nested: ?[](key: string, value: ?any, flags: (a, b, c)),
  previous: ?Record${i === 0 ? 0 : i - 1}
)

method Get${i}(id: string, options: ?(verbose: bool, depth: int)) -> (record: Record${i}, found: bool)

method List${i}(filter: ?[string]string) -> (records: []Record${i})

error NotFound${i} (id: string, reason: ?string)
`;
    parts.push(block);
    size += block.length;
  }
  return parts.join("");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Median CPU time (user + system, ms) of `runs` calls. CPU time rather than wall time, so that
 * other processes on a shared machine inflate the figures less.
 */
function time(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(cpuTime(fn));
  return median(samples);
}

function cpuTime(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const target = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const text = generate(target);
const file = new SourceFile("bench.varlink", text);

const setup = cpuTime(() =>
  loadInterface(new SourceFile("tiny.varlink", "interface a.b\nmethod M() -> ()\n")),
);
const coldStart = process.cpuUsage();
const first = loadInterface(file);
const coldUsed = process.cpuUsage(coldStart);
const cold = (coldUsed.user + coldUsed.system) / 1000;
if (first.diagnostics.length > 0 || first.value === undefined)
  throw new Error("benchmark IDL has diagnostics");

const runs = 7;
const lex = time(runs, () => varlinkLexer().tokenize(text));
const parse = time(runs, () => parseFile(file));
const load = time(runs, () => loadInterface(file));
const format = time(runs, () => formatSource(file));
const jsonText = JSON.stringify(first.value, (key, value: unknown) => (key === "source" ? undefined : value));
const jsonParse = time(runs, () => JSON.parse(jsonText));

const mb = text.length / 1_000_000;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(`code: ${base}; input: ${mb.toFixed(2)} MB, ${first.value.members.length} members`);
console.log(
  `lexer + parser construction (first tiny file): ${fmt(setup)}; first full-size run (cold JIT): ${fmt(cold)}`,
);
console.log(
  `CPU time, median of ${runs}: lex ${fmt(lex)}, lex+parse ${fmt(parse)}, lex+parse+check ${fmt(load)}, format ${fmt(format)}`,
);
console.log(`throughput (parse+check): ${(mb / (load / 1000)).toFixed(1)} MB/s`);
console.log(
  `baseline JSON.parse of the model as JSON (${(jsonText.length / 1_000_000).toFixed(1)} MB): ${fmt(jsonParse)}; ` +
    `parse+check is ${(load / jsonParse).toFixed(1)}x that`,
);
