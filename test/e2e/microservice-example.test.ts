/**
 * examples/microservice: io.example.user and io.example.order generated from the fixtures,
 * compiled with the example's sources under strict settings, started on loopback TCP and called
 * (CreateOrder calls UserService.GetUserInfo; an unknown buyer comes back as a typed error).
 */
import { afterAll, expect, it } from "vitest";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";

let project: GeneratedProject | undefined;
afterAll(async () => {
  await project?.remove();
});

it("the microservice example compiles, starts and serves its scenario", async () => {
  project = await buildProject(
    ["io.example.user", "io.example.order"],
    ["user-service.ts", "order-service.ts", "main.ts"].map((f) => `examples/microservice/${f}`),
    {},
    "generated",
  );
  const example = await project.load<{ runExample(log: (line: string) => void): Promise<void> }>("main.ts");
  const lines: string[] = [];
  await example.runExample((line) => lines.push(line));
  expect(lines[0]).toMatch(/^UserService on tcp:127\.0\.0\.1:\d+, OrderService on tcp:127\.0\.0\.1:\d+$/);
  expect(lines.slice(1)).toEqual([
    "created user ada (admin)",
    "order order-1 for ada: total 3000, pending",
    "order order-1: pending",
    "order order-1: paid",
    "order order-1: shipped",
    "rejected order for unknown user bob (io.example.order.UnknownUser)",
  ]);
});
