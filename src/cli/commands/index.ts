import type { Command } from "commander";
import { registerBreaking } from "./breaking.js";
import { registerBridge } from "./bridge.js";
import { registerCompletion } from "./completion.js";
import { registerConfig } from "./config.js";
import { registerErrorOutput } from "./error-output.js";
import { registerFormat } from "./format.js";
import { registerGenerate } from "./generate.js";
import { registerInit } from "./init.js";
import { registerIntrospect } from "./introspect.js";
import { registerValidate } from "./validate.js";

/**
 * Every sub-command, as a function that adds itself to the program. Keep imports here cheap:
 * a command module must load its heavy dependencies inside its action (dynamic `import()`).
 */
export const commands: ReadonlyArray<(program: Command) => void> = [
  registerErrorOutput, // first: the commands below inherit its output settings
  registerValidate,
  registerFormat,
  registerGenerate,
  registerBreaking,
  registerInit,
  registerConfig,
  registerIntrospect,
  registerBridge,
  registerCompletion,
];
