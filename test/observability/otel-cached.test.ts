import { describe, expect, it } from "vitest";
import { cached } from "../../packages/runtime/src/integrations/otel/cached.js";

describe("the otel interceptors' attribute cache", () => {
  it("computes a key once while it is cached", () => {
    let computed = 0;
    const lookup = cached((key: string) => ({ key, n: ++computed }), 4);
    expect(lookup("tcp:10.0.0.1:80")).toBe(lookup("tcp:10.0.0.1:80"));
    expect(computed).toBe(1);
  });

  it("stays bounded as new peers keep coming (DNS discovery, pod churn)", () => {
    let computed = 0;
    const lookup = cached((key: number) => ({ key, n: ++computed }), 4);
    for (let peer = 0; peer < 4; peer++) lookup(peer);
    lookup(0);
    expect(computed).toBe(4);
    // The fifth distinct peer starts a fresh cache instead of growing it: peer 0 is computed again.
    lookup(4);
    lookup(0);
    expect(computed).toBe(6);
  });
});
