#!/usr/bin/env node
// Node >= 22.1 can keep V8's compiled code of every module between runs (what `tsc` does since
// TypeScript 5.7): every run after the first skips compiling the CLI, chevrotain and the
// generator. The cache is Node's own (node-compile-cache under the OS temp dir;
// NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE apply). Node 20 has no such API: there the
// call below is skipped.
import module from "node:module";

module.enableCompileCache?.();
await import("../dist/cli/main.js");
