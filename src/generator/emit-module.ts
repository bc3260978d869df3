/**
 * One generated module per interface: banner, imports, then types and validators in source order,
 * error classes, the client and the service. Everything for an interface sits in one file so a
 * user imports one module; types, client and service share the same names and validators.
 */
import type { SourceFileStructure, StatementStructures } from "ts-morph";
import type { Interface } from "../model/model.js";
import { moduleFileName } from "../model/names.js";
import { GeneratorContext } from "./context.js";
import { emitClient } from "./emit-client.js";
import { emitErrors } from "./emit-errors.js";
import { emitServer } from "./emit-server.js";
import { emitShapeOmitter, omitPlan } from "./emit-omitters.js";
import { emitShapeType } from "./emit-types.js";
import { emitShapeValidator } from "./emit-validators.js";
import type { ResolvedOptions } from "./options.js";
import { Kind } from "./structures.js";

/** A module before printing: its output path and ts-morph structure. */
export interface ModuleStructure {
  readonly path: string;
  readonly structure: SourceFileStructure;
}

/** Fills `{{name}}` placeholders of the banner template. */
export function renderBanner(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole).trimEnd();
}

/** Builds the structure of the module for `iface` (pure: no I/O, no ts-morph loaded). */
export function emitModule(iface: Interface, options: ResolvedOptions, banner: string): ModuleStructure {
  const ctx = new GeneratorContext(iface, options);
  const body: StatementStructures[] = [];
  omitPlan(ctx); // claims the omit passes' names before any emitter claims an import's
  for (const shape of ctx.shapes) {
    body.push(
      ...emitShapeType(ctx, shape),
      ...emitShapeValidator(ctx, shape),
      ...emitShapeOmitter(ctx, shape),
    );
  }
  body.push(...emitErrors(ctx), ...emitClient(ctx), ...emitServer(ctx));
  // Imports are known only after every emitter ran, so they are collected last and put first.
  const header = renderBanner(banner, { version: options.version, interface: iface.name });
  return {
    path: moduleFileName(iface.name),
    structure: { kind: Kind.SourceFile, statements: [header, ...ctx.imports.structures(), ...body] },
  };
}
