/**
 * `varlink-codegen/runtime`: the runtime re-exported from `@varlink-codegen/runtime`, kept so that
 * code generated with `--runtime varlink-codegen/runtime` before the split keeps compiling. New
 * code should import `@varlink-codegen/runtime`, which does not pull the generator (ts-morph,
 * TypeScript, prettier) into production installs.
 *
 * @deprecated Import `@varlink-codegen/runtime` instead.
 * @packageDocumentation
 */
export * from "@varlink-codegen/runtime";
