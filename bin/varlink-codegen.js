#!/usr/bin/env node
// Node >= 22.1 can keep V8's compiled code of every module between runs (what `tsc` does since
// TypeScript 5.7): a cold run then skips compiling the CLI, chevrotain and the generator again.
// The cache is Node's (a folder under the OS temp dir, NODE_COMPILE_CACHE / NODE_DISABLE_COMPILE_CACHE
// apply); Node 20 has no such API, and there this line does nothing.
import module from "node:module";

module.enableCompileCache?.();
await import("../dist/cli/main.js");
