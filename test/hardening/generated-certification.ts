/**
 * org.varlink.certification as the code generator emits it, generated at test time and imported
 * (see bench/lib/generated-module.ts: its runtime is this repository's packages/runtime/src).
 */
import { importGenerated, type ImportedModule } from "../../bench/lib/generated-module.js";
import type { InterfaceDefinition } from "../../packages/runtime/src/index.js";

/** The part of the generated module the tests use. */
export interface CertificationModule {
  createCertificationDefinition(
    service: object,
    options?: { rejectUnknownParameters?: boolean },
  ): InterfaceDefinition;
}

/** Generates and imports the certification module. */
export function generateCertification(): Promise<ImportedModule<CertificationModule>> {
  return importGenerated<CertificationModule>("fixtures/valid/org.varlink.certification/input.varlink");
}
