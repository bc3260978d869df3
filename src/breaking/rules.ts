/**
 * The rule table of the breaking-change engine: one entry per kind of change, with its stable id
 * and diagnostic code. docs/breaking.md explains each rule (what, why, direction); a test checks
 * that every id here is documented there.
 */

/** Every rule, keyed by id. Codes are stable once released; append, never renumber. */
export const rules = {
  "interface-renamed": { code: "VL401", title: "the interface was renamed" },
  "method-removed": { code: "VL402", title: "a method was removed (or renamed)" },
  "method-added": { code: "VL403", title: "a method was added" },
  "method-more-changed": { code: "VL404", title: "a method's 'more' annotation changed" },
  "type-removed": { code: "VL405", title: "a named type was removed (or renamed)" },
  "type-added": { code: "VL406", title: "a named type was added" },
  "error-removed": { code: "VL407", title: "an error was removed (or renamed)" },
  "error-added": { code: "VL408", title: "an error was added" },
  "field-removed": { code: "VL409", title: "a struct field was removed" },
  "field-added": { code: "VL410", title: "a struct field was added" },
  "type-changed": { code: "VL411", title: "a value's type changed" },
  "made-nullable": { code: "VL412", title: "a value became nullable (?T)" },
  "made-required": { code: "VL413", title: "a value stopped being nullable" },
  "enum-value-added": { code: "VL414", title: "an enum value was added" },
  "enum-value-removed": { code: "VL415", title: "an enum value was removed" },
  "struct-enum-swapped": { code: "VL416", title: "a struct became an enum or the reverse" },
  "ref-target-changed": { code: "VL417", title: "a value refers to a different named type (or was inlined)" },
  "interface-removed": { code: "VL418", title: "a whole interface is gone from the new set" },
  "interface-added": { code: "VL419", title: "an interface is new in the new set" },
} as const;

/** A rule id, e.g. `method-removed`. */
export type RuleId = keyof typeof rules;

/** All rule ids in code order. */
export const ruleIds = Object.keys(rules) as RuleId[];
