import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { expect, it } from "vitest";
import { Const, Kind } from "../../src/generator/structures.js";

it("structure kind constants equal ts-morph's enum", () => {
  for (const [name, value] of Object.entries(Kind)) {
    expect(StructureKind[name as keyof typeof StructureKind], name).toBe(value);
  }
  expect(Const).toBe(VariableDeclarationKind.Const);
});
