/**
 * Breaking-change detection between two versions of a Varlink interface: pure functions over the
 * model (no I/O). See docs/breaking.md for every rule, its severity and its reasoning.
 */
export { compareInterfaces } from "./compare.js";
export { compareInterfaceSets } from "./compare-sets.js";
export {
  hasBreaking,
  type Direction,
  type Finding,
  type FindingLocation,
  type FindingSeverity,
} from "./finding.js";
export { rules, ruleIds, type RuleId } from "./rules.js";
export { typeUsage } from "./usage.js";
