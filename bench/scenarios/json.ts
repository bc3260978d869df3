/**
 * The cost of exact ints and of refusing NaN/±Infinity (packages/runtime/src/json.ts), in the same
 * process: bigint-mode parsing and printing of messages holding 64-bit ints against what number
 * mode does with the same message (plain JSON.parse / JSON.stringify), and the fast paths every
 * connection takes against the bare built-ins.
 */
import type * as Json from "../../packages/runtime/src/wire/json.js";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";

const GROUP = "json";

/** A reply of 100 entries, each with three ints; `big` makes them 64-bit (beyond 2^53). */
function reply(big: boolean, nulls: boolean): { entries: object[] } {
  const entries: object[] = [];
  for (let i = 0; i < 100; i++) {
    const base = big ? 2n ** 62n + BigInt(i) : BigInt(i * 1000);
    entries.push({
      id: big ? base : Number(base),
      size: big ? base * 2n : Number(base) * 2,
      mtime: big ? base + 7n : Number(base) + 7,
      name: `entry-${i}`,
      flags: ["a", "b"],
      ...(nulls ? { owner: null } : { owner: "root" }),
    });
  }
  return { entries };
}

/** Same numbers as doubles, for what number mode sends of the same reply. */
function asNumbers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
}

interface Case {
  readonly scenario: string;
  readonly against: string;
  readonly ours: () => unknown;
  readonly baseline: () => unknown;
}

/** Runs the json rows. */
export async function jsonCosts(context: BenchContext): Promise<Row[]> {
  const ops = size(context, 20_000, 4_000);
  let json: typeof Json;
  try {
    json = await import("../../packages/runtime/src/wire/json.js");
  } catch (error) {
    return [unavailable(GROUP, "(all)", "-", reasonOf(error), "messages/s")];
  }
  const { parseJson, stringifyJson } = json;
  const bigValue = reply(true, false);
  const bigText = stringifyJson(bigValue) as string;
  const plainValue = asNumbers(reply(false, false));
  const plainText = JSON.stringify(plainValue);
  const nullValue = asNumbers(reply(false, true));
  const asNumbersOnce = asNumbers(bigValue);
  const cases: Case[] = [
    {
      scenario: "parse 64-bit ints exactly (bigint mode)",
      against: "JSON.parse, same text (number mode, rounds)",
      ours: () => parseJson(bigText, true),
      baseline: () => JSON.parse(bigText),
    },
    {
      scenario: "parse, number mode (__proto__ / \\u mark only)",
      against: "JSON.parse",
      ours: () => parseJson(plainText, false),
      baseline: () => JSON.parse(plainText),
    },
    {
      scenario: "parse, exact connection, no long digit run",
      against: "JSON.parse",
      ours: () => parseJson(plainText, true),
      baseline: () => JSON.parse(plainText),
    },
    {
      scenario: "print 64-bit bigints exactly",
      against: "JSON.stringify of the same values as doubles",
      ours: () => stringifyJson(bigValue),
      baseline: () => JSON.stringify(asNumbersOnce),
    },
    {
      scenario: "print, no bigint, no null (fast path)",
      against: "JSON.stringify",
      ours: () => stringifyJson(plainValue),
      baseline: () => JSON.stringify(plainValue),
    },
    {
      scenario: "print, nulls present (NaN/Infinity check walks)",
      against: "JSON.stringify",
      ours: () => stringifyJson(nullValue),
      baseline: () => JSON.stringify(nullValue),
    },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    context.log(`json: ${c.scenario}`);
    const loop = (task: () => unknown) => async (): Promise<void> => {
      for (let i = 0; i < ops; i++) task();
    };
    try {
      const rates = await interleavedRates(loop(c.ours), loop(c.baseline), ops, context.repetitions);
      rows.push({
        group: GROUP,
        scenario: c.scenario,
        against: c.against,
        ours: rates.ours,
        baseline: rates.baseline,
        unit: "messages/s",
        better: "higher",
      });
    } catch (error) {
      rows.push(unavailable(GROUP, c.scenario, c.against, reasonOf(error), "messages/s"));
    }
  }
  return rows;
}
