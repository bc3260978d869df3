/**
 * Wrong types in every parameter (and every nested field) of org.varlink.certification, against
 * the generated validators on our server: each call must be answered InvalidParameter naming the
 * exact path, never reach a handler, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Interface, Type } from "../../src/model/model.js";
import { findType, membersOf } from "../../src/model/model.js";
import { VarlinkClient, VarlinkError, VarlinkServer } from "../../packages/runtime/src/index.js";
import { CERTIFICATION_STEPS } from "../../scripts/certification/data.js";
import type { ImportedModule } from "../../bench/lib/generated-module.js";
import { generateCertification, type CertificationModule } from "./generated-certification.js";
import { activeResources, leakedSince } from "./resources.js";

/** Values of every JSON kind; those a type does not accept become wrong-type probes. */
const CANDIDATES: readonly unknown[] = [true, 42, 1.5, "text", [], {}, null];

function resolve(model: Interface, type: Type): Type {
  if (type.kind !== "ref") return type;
  const decl = findType(model, type.name);
  if (decl === undefined) throw new Error(`unresolved ${type.name}`);
  return decl.type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` has the right JSON kind for `type` (one level deep, enough to pick wrong ones). */
function kindFits(model: Interface, type: Type, value: unknown): boolean {
  const t = resolve(model, type);
  switch (t.kind) {
    case "nullable":
      return value === null || kindFits(model, t.inner, value);
    case "bool":
      return typeof value === "boolean";
    case "int":
      return Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    case "any":
      return true;
    case "array":
      return Array.isArray(value);
    case "object":
    case "map":
    case "struct":
      return isObject(value);
    case "enum":
      return typeof value === "string" && t.values.some((v) => v.name === value);
    case "ref":
      throw new Error("resolved above");
  }
}

/** One probe: the whole parameter object with a single wrong value at `path`. */
interface Probe {
  readonly path: string;
  readonly parameters: Record<string, unknown>;
}

function keyPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

/** Probes for `value` (valid, of `type`) at `path`; `replace` rebuilds the root with a new value there. */
function probesFor(
  model: Interface,
  type: Type,
  value: unknown,
  path: string,
  replace: (next: unknown) => Record<string, unknown>,
): Probe[] {
  const probes: Probe[] = CANDIDATES.filter((c) => !kindFits(model, type, c)).map((c) => ({
    path,
    parameters: replace(c),
  }));
  let t = resolve(model, type);
  if (t.kind === "nullable") t = resolve(model, t.inner);
  if (t.kind === "struct" && isObject(value)) {
    for (const field of t.fields) {
      if (!(field.name in value)) continue;
      probes.push(
        ...probesFor(
          model,
          field.type,
          value[field.name],
          path === "" ? field.name : `${path}.${field.name}`,
          (next) => replace({ ...value, [field.name]: next }),
        ),
      );
    }
  } else if (t.kind === "array" && Array.isArray(value) && value.length > 0) {
    probes.push(
      ...probesFor(model, t.element, value[0], `${path}[0]`, (next) => replace([next, ...value.slice(1)])),
    );
  } else if (t.kind === "map" && isObject(value)) {
    const key = Object.keys(value)[0];
    if (key !== undefined) {
      probes.push(
        ...probesFor(model, t.value, value[key], keyPath(path, key), (next) =>
          replace({ ...value, [key]: next }),
        ),
      );
    }
  }
  return probes;
}

describe("org.varlink.certification: wrong types in every parameter", () => {
  let generated: ImportedModule<CertificationModule>;
  let server: VarlinkServer;
  let address: string;
  let dir: string;
  let before: Map<string, number>;
  let handlerCalls = 0;

  beforeAll(async () => {
    before = activeResources();
    generated = await generateCertification();
    dir = mkdtempSync(join(tmpdir(), "varlink-hardening-cert-"));
    server = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "https://varlink.org" });
    // Every handler counts: a probe must be stopped by validation before any handler runs.
    const count = (): object => {
      handlerCalls++;
      return {};
    };
    const names = [
      "start",
      "test01",
      "test02",
      "test03",
      "test04",
      "test05",
      "test06",
      "test07",
      "test08",
      "test09",
      "test10",
      "test11",
      "end",
    ];
    server.addInterface(
      generated.module.createCertificationDefinition(Object.fromEntries(names.map((n) => [n, count]))),
    );
    address = (await server.listen(`unix:${join(dir, "cert.sock")}`)).address;
  });

  afterAll(async () => {
    await server.close({ timeoutMs: 2000 });
    generated.remove();
    rmSync(dir, { recursive: true, force: true });
    expect(await leakedSince(before)).toEqual([]);
  });

  it("answers InvalidParameter with the exact path for each probe", async () => {
    const model = generated.model;
    const steps = new Map(CERTIFICATION_STEPS.map((step) => [step.method, step.parameters]));
    const probes: Array<Probe & { method: string }> = [];
    for (const method of membersOf(model, "method")) {
      const valid: Record<string, unknown> = { ...(steps.get(method.name) ?? {}) };
      if (method.input.fields.some((f) => f.name === "client_id")) valid["client_id"] = "client";
      for (const field of method.input.fields) {
        expect(field.name in valid, `${method.name}: no valid value for ${field.name}`).toBe(true);
        const found = probesFor(model, field.type, valid[field.name], field.name, (next) => ({
          ...valid,
          [field.name]: next,
        }));
        probes.push(...found.map((p) => ({ ...p, method: method.name })));
      }
    }
    // Every method with parameters is probed, nested fields included (MyType's).
    expect(new Set(probes.map((p) => p.method)).size).toBe(12);
    expect(probes.some((p) => p.path === "mytype.interface.anon.foo")).toBe(true);
    expect(probes.length).toBeGreaterThan(150);

    const client = await VarlinkClient.connect(address);
    try {
      const outcomes = await Promise.all(
        probes.map((probe) =>
          client.call(`org.varlink.certification.${probe.method}`, probe.parameters).then(
            (reply) => ({ probe, reply }),
            (error: unknown) => ({ probe, error }),
          ),
        ),
      );
      for (const outcome of outcomes) {
        const label = `${outcome.probe.method} ${outcome.probe.path} = ${JSON.stringify(outcome.probe.parameters)}`;
        expect("error" in outcome, label).toBe(true);
        const error = (outcome as { error: unknown }).error;
        expect(error, label).toBeInstanceOf(VarlinkError);
        expect((error as VarlinkError).error, label).toBe("org.varlink.service.InvalidParameter");
        expect((error as VarlinkError).parameters, label).toEqual({ parameter: outcome.probe.path });
      }
      expect(handlerCalls).toBe(0);
      // The connection is still good after hundreds of rejected calls.
      expect(await client.call("org.varlink.service.GetInfo")).toMatchObject({
        interfaces: expect.arrayContaining(["org.varlink.certification"]),
      });
    } finally {
      await client.close();
    }
  });
});
