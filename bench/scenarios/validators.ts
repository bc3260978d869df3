/**
 * Generated validators (code emitted by `generate()` for org.varlink.certification) against ajv
 * with a compiled JSON Schema of the same type: the certification `MyType` value, a `MyType`
 * carrying a 10,000-struct array, and an invalid `MyType` (one wrong field deep inside).
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";
import { compileAjvMyType } from "../validators/ajv-baseline.js";
import { certificationMyType, largeMyType } from "../validators/mytype.js";

const GROUP = "validators";
const AGAINST = "ajv (compiled schema)";

/** The generated validator signature (see packages/runtime/src/validate.ts). */
type Validator = (
  value: unknown,
  path: string,
  issues: { path: string; message: string }[],
  strict: boolean,
) => void;

interface Case {
  readonly scenario: string;
  readonly value: unknown;
  /** Whether the value is valid (both validators must agree before they are timed). */
  readonly valid: boolean;
  /** Validations per timed sample. */
  readonly ops: number;
}

function cases(context: BenchContext): Case[] {
  const invalid = certificationMyType();
  (invalid["interface"] as { anon: Record<string, unknown> }).anon["bar"] = "no";
  return [
    {
      scenario: "certification MyType",
      value: certificationMyType(),
      valid: true,
      ops: size(context, 200_000, 40_000),
    },
    {
      scenario: "MyType with 10,000-struct array",
      value: largeMyType(10_000),
      valid: true,
      ops: size(context, 200, 40),
    },
    {
      scenario: "invalid MyType (deep wrong field)",
      value: invalid,
      valid: false,
      ops: size(context, 200_000, 40_000),
    },
  ];
}

/** Runs the validator rows. */
export async function validatorsVsAjv(context: BenchContext): Promise<Row[]> {
  const all = cases(context);
  let generated: Validator;
  let remove = (): void => {};
  try {
    const { importGenerated } = await import("../lib/generated-module.js");
    const imported = await importGenerated<{ validateMyType: Validator }>(
      "fixtures/valid/org.varlink.certification/input.varlink",
    );
    generated = imported.module.validateMyType;
    remove = imported.remove;
  } catch (error) {
    return all.map((c) =>
      unavailable(GROUP, c.scenario, AGAINST, `generator: ${reasonOf(error)}`, "validations/s"),
    );
  }
  try {
    const ajv = compileAjvMyType();
    const ours = (value: unknown): boolean => {
      const issues: { path: string; message: string }[] = [];
      generated(value, "", issues, false);
      return issues.length === 0;
    };
    const rows: Row[] = [];
    for (const c of all) {
      context.log(`validators: ${c.scenario}`);
      if (ours(c.value) !== c.valid || ajv(c.value) !== c.valid) {
        rows.push(
          unavailable(GROUP, c.scenario, AGAINST, "validators disagree on the input", "validations/s"),
        );
        continue;
      }
      const loop = (validate: (value: unknown) => boolean) => async (): Promise<void> => {
        let ok = 0;
        for (let i = 0; i < c.ops; i++) if (validate(c.value)) ok++;
        if (ok !== (c.valid ? c.ops : 0)) throw new Error("validator result changed");
      };
      const rates = await interleavedRates(loop(ours), loop(ajv), c.ops, context.repetitions);
      rows.push({
        group: GROUP,
        scenario: c.scenario,
        against: AGAINST,
        ours: rates.ours,
        baseline: rates.baseline,
        unit: "validations/s",
        better: "higher",
        target: 1,
      });
    }
    return rows;
  } finally {
    remove();
  }
}
