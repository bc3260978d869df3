/**
 * Collects raw findings as the comparison walks both interfaces and merges the ones that are the
 * same change reached from several directions (a named type used by input and output is compared
 * once per direction): the merged finding is breaking when any direction breaks.
 */
import type { Interface, Span } from "../model/model.js";
import type { Finding } from "./finding.js";
import { rules, type RuleId } from "./rules.js";
import { directionOf, type Context } from "./usage.js";

/** The context a comparison runs in; `unused` for named types that no method or error reaches. */
export type WalkContext = Context | "unused";

/** One raw observation, before merging across contexts. */
export interface RawFinding {
  readonly rule: RuleId;
  readonly path: string;
  /** `undefined` for member-level changes (a method or error added/removed, interface renamed). */
  readonly context: WalkContext | undefined;
  readonly breaking: boolean;
  /** What changed, e.g. "field 'x' was removed". */
  readonly what: string;
  /** Why this is (not) breaking in this context. */
  readonly why: string;
  readonly hint?: string | undefined;
  readonly side: "old" | "new";
  readonly span: Span;
}

/** Accumulates raw findings; `finish()` merges and sorts them. */
export class FindingSink {
  private readonly raw: RawFinding[] = [];

  constructor(
    private readonly oldIface: Interface,
    private readonly newIface: Interface,
  ) {}

  /** Records one observation. */
  add(finding: RawFinding): void {
    this.raw.push(finding);
  }

  /** The merged findings: new-file locations first, then old-file ones, each in source order. */
  finish(): Finding[] {
    const groups = new Map<string, RawFinding[]>();
    for (const f of this.raw) {
      const key = `${f.rule}\0${f.path}\0${f.side}\0${f.span.start}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [f]);
      else group.push(f);
    }
    const merged: Finding[] = [];
    for (const group of groups.values()) {
      const first = group[0]!;
      const breaking = group.find((f) => f.breaking);
      const chosen = breaking ?? first;
      const contexts = new Set<Context>();
      let anyContext = false;
      for (const f of group) {
        if (f.context === undefined) continue;
        anyContext = true;
        if (f.context !== "unused") contexts.add(f.context);
      }
      merged.push({
        rule: first.rule,
        code: rules[first.rule].code,
        severity: breaking === undefined ? "safe" : "breaking",
        path: first.path,
        direction: anyContext ? directionOf(contexts) : undefined,
        message: `${chosen.what}: ${chosen.why}`,
        hint: group.find((f) => f.hint !== undefined)?.hint,
        location: {
          side: first.side,
          file: first.side === "new" ? this.newIface.source : this.oldIface.source,
          start: first.span.start,
          end: first.span.end,
        },
      });
    }
    return merged.sort(
      (a, b) =>
        (a.location.side === b.location.side ? 0 : a.location.side === "new" ? -1 : 1) ||
        a.location.start - b.location.start ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
    );
  }
}
