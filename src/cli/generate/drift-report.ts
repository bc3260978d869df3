/** Prints `generate --check` results as text (with unified diffs), JSON, or GitHub annotations. */
import { join } from "node:path";
import { githubAnnotation, type ErrorFormat } from "../error-format.js";
import { isClean, type Drift } from "./drift.js";

const HOW_TO_FIX = "run `varlink-codegen generate` and commit the result";

/** The report for every target's drift; `shown(outDir)` is the directory as the user sees it. */
export function formatDrift(
  drifts: readonly Drift[],
  format: ErrorFormat,
  shown: (outDir: string) => string,
): string {
  switch (format) {
    case "json":
      return (
        JSON.stringify(
          {
            upToDate: drifts.every(isClean),
            targets: drifts.map((d) => ({
              outDir: shown(d.outDir),
              stale: d.stale,
              missing: d.missing,
              extra: d.extra,
            })),
          },
          null,
          2,
        ) + "\n"
      );
    case "github": {
      const lines: string[] = [];
      for (const d of drifts) {
        const at = (p: string): string => join(shown(d.outDir), p);
        for (const s of d.stale) {
          lines.push(
            githubAnnotation(
              "error",
              { file: at(s.path), title: "stale generated file" },
              `${HOW_TO_FIX}\n${s.diff}`,
            ),
          );
        }
        for (const p of d.missing) {
          lines.push(githubAnnotation("error", { file: at(p), title: "missing generated file" }, HOW_TO_FIX));
        }
        for (const p of d.extra) {
          lines.push(
            githubAnnotation(
              "error",
              { file: at(p), title: "orphaned file in output directory" },
              `not generated any more; ${HOW_TO_FIX}`,
            ),
          );
        }
      }
      return lines.map((l) => `${l}\n`).join("");
    }
    case "text": {
      const out: string[] = [];
      let problems = 0;
      for (const d of drifts) {
        const dir = shown(d.outDir);
        if (isClean(d)) {
          out.push(`${dir}: up to date\n`);
          continue;
        }
        for (const s of d.stale) out.push(`stale: ${join(dir, s.path)}\n${s.diff}`);
        for (const p of d.missing) out.push(`missing: ${join(dir, p)}\n`);
        for (const p of d.extra) out.push(`extra: ${join(dir, p)} (orphaned: not generated any more)\n`);
        problems += d.stale.length + d.missing.length + d.extra.length;
      }
      if (problems > 0) out.push(`${problems} file${problems === 1 ? "" : "s"} out of date; ${HOW_TO_FIX}\n`);
      return out.join("");
    }
  }
}
