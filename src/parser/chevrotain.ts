/**
 * Chevrotain, loaded from the minified single-file ESM bundle the package ships
 * (`lib/chevrotain.min.mjs`) instead of its `exports` entry (`lib/src/api.js`). The entry is the
 * unbundled build: about 120 chevrotain modules plus ~600 lodash-es modules, which cost a cold CLI
 * run ~180 ms of module resolution and loading; the bundle is the same code (same package and
 * version, built by chevrotain's release) in one file and loads in ~10 ms. Of the two bundles the
 * package ships, the minified one (142 KB against 349 KB) is less for every cold run to compile
 * (docs/performance.md, "third pass"). Every parser module takes chevrotain's values from here,
 * so the process holds one copy (one `EOF`, one token registry).
 *
 * The bundle is not listed in chevrotain's `exports`, so it is found next to the resolved entry;
 * if a future layout moves it, the entry is imported instead (slower, same behaviour).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type * as Chevrotain from "chevrotain";

/** The URL of the bundle beside chevrotain's resolved entry, or undefined when it is not there. */
export function chevrotainBundleUrl(): URL | undefined {
  const entry = pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"));
  const bundle = new URL("../chevrotain.min.mjs", entry);
  return existsSync(bundle) ? bundle : undefined;
}

const bundle = chevrotainBundleUrl();
const chevrotain = (await (bundle === undefined
  ? import("chevrotain")
  : (import(bundle.href) as Promise<unknown>))) as typeof Chevrotain;

/**
 * Chevrotain's values the parser uses (types come from `import type ... from "chevrotain"`), and
 * its `generateCstDts` for scripts/cst-dts.ts: the generator's GAST visitor matches productions
 * by constructor, so it must come from the same copy as the parser (the bundle holds its own
 * GAST classes; `@chevrotain/cst-dts-gen` with the unbundled `@chevrotain/gast` rejects them).
 */
export const { CstParser, EOF, Lexer, VERSION, createToken, generateCstDts, tokenMatcher } = chevrotain;
/** The lexer's instance type, under the same name as the class value above. */
export type Lexer = Chevrotain.Lexer;
