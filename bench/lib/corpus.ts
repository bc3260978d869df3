/**
 * A synthetic corpus of Varlink interfaces for the code generation benchmark: `count` files, each
 * with structs, an enum, nested anonymous types, maps, sets, nullable arrays, methods and errors,
 * all within what varlink-go-interface-generator (varlink/go 0.4) accepts (lower-case fields,
 * no hyphens), so both generators get the same input.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The IDL text of synthetic interface number `index`. */
export function syntheticInterface(index: number): string {
  const name = `org.example.corpus${index}`;
  return `# Synthetic interface ${index} for the code generation benchmark.
interface ${name}

# A state value.
type State (idle, running, stopped)

# A record with every kind of field.
type Record (
  id: int,
  name: string,
  ratio: float,
  enabled: bool,
  state: State,
  tags: []string,
  labels: [string]string,
  flags: [string](),
  parent: ?Record,
  extra: ?object,
  nested: (first: int, second: ?[](key: string, value: ?float))
)

# A page of records.
type Page (records: []Record, next: ?string)

# Reads one record.
method Get(id: int) -> (record: Record)

# Lists records.
method List(offset: int, limit: ?int, state: ?State) -> (page: Page)

# Stores records.
method Put(records: []Record, replace: bool) -> (stored: int)

# Watches records.
method Watch(ids: [string]()) -> (record: Record, removed: bool)

error NotFound (id: int)

error Invalid (field: string, reason: string)
`;
}

/** Writes `count` interfaces into `dir` as `org.example.corpusN.varlink`; returns the file paths. */
export function writeCorpus(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `org.example.corpus${i}.varlink`);
    writeFileSync(file, syntheticInterface(i));
    files.push(file);
  }
  return files;
}

/** Copies every `fixtures/valid/<case>/input.varlink` of the repo at `root` to `<dir>/<case>.varlink`. */
export function copyValidFixtures(root: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const fixtures = join(root, "fixtures", "valid");
  for (const name of readdirSync(fixtures)) {
    copyFileSync(join(fixtures, name, "input.varlink"), join(dir, `${name}.varlink`));
  }
}
