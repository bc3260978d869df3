/**
 * Writes grammar/cst.d.ts (see scripts/cst-dts.ts), so that CI can check it for drift
 * (`npm run grammar:dts && git diff --exit-code grammar/`).
 */
import { writeFileSync } from "node:fs";
import { cstDts, cstDtsUrl } from "./cst-dts.js";

writeFileSync(cstDtsUrl, await cstDts());
