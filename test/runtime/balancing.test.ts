import { describe, expect, it } from "vitest";
import type { Balancer, EndpointView } from "../../packages/runtime/src/client/endpoints.js";
import { roundRobin } from "../../packages/runtime/src/client/balancing/round-robin.js";
import { leastOutstanding } from "../../packages/runtime/src/client/balancing/least-outstanding.js";
import { prng } from "../hardening/wire.js";

const views = (...outstanding: number[]): EndpointView[] =>
  outstanding.map((count, index) => ({ address: `tcp:127.0.0.1:${1000 + index}`, outstanding: count }));

function tally(balancer: Balancer, endpoints: readonly EndpointView[], picks: number): Map<string, number> {
  const counts = new Map<string, number>(endpoints.map((endpoint) => [endpoint.address, 0]));
  for (let i = 0; i < picks; i++) {
    const address = balancer.pick(endpoints).address;
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

describe("roundRobin", () => {
  it.each([
    { endpoints: 1, picks: 10 },
    { endpoints: 3, picks: 300 },
    { endpoints: 3, picks: 301 },
    { endpoints: 7, picks: 1000 },
  ])("spreads $picks picks over $endpoints endpoints exactly", ({ endpoints, picks }) => {
    const counts = [...tally(roundRobin(), views(...Array<number>(endpoints).fill(0)), picks).values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(picks);
  });

  it("ignores load and visits the endpoints in order", () => {
    const balancer = roundRobin();
    const endpoints = views(5, 0, 9);
    expect([0, 1, 2, 3].map(() => balancer.pick(endpoints).address)).toEqual([
      endpoints[0]?.address,
      endpoints[1]?.address,
      endpoints[2]?.address,
      endpoints[0]?.address,
    ]);
  });

  it("keeps going when the list shrinks or grows", () => {
    const balancer = roundRobin();
    balancer.pick(views(0, 0, 0));
    balancer.pick(views(0, 0, 0));
    const two = views(0, 0);
    expect(two).toContain(balancer.pick(two));
    const counts = [...tally(balancer, views(0, 0, 0, 0), 400).values()];
    expect(counts).toEqual([100, 100, 100, 100]);
  });
});

describe("leastOutstanding (power of two choices)", () => {
  it("never picks the endpoint with the most calls in flight when others are idle", () => {
    // Any pair that includes the loaded endpoint also includes an idle one.
    const counts = tally(leastOutstanding(prng(1)), views(0, 50, 0), 3000);
    expect(counts.get("tcp:127.0.0.1:1001")).toBe(0);
  });

  it("spreads evenly within ±15% when the load is equal", () => {
    const counts = [...tally(leastOutstanding(prng(2)), views(0, 0, 0), 3000).values()];
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThanOrEqual(150);
  });

  it("steers most calls away from a loaded endpoint among many", () => {
    const endpoints = views(0, 0, 0, 0, 40);
    const counts = tally(leastOutstanding(prng(3)), endpoints, 5000);
    expect(counts.get("tcp:127.0.0.1:1004")).toBe(0);
  });

  it("picks among the two draws, never the same endpoint twice", () => {
    // random() always 0: first = 0, second = 1 → the lesser of endpoints 0 and 1.
    expect(leastOutstanding(() => 0).pick(views(3, 2, 0)).address).toBe("tcp:127.0.0.1:1001");
    expect(leastOutstanding(() => 0.999999).pick(views(3, 2, 0)).address).toBe("tcp:127.0.0.1:1002");
  });

  it("returns the only endpoint", () => {
    expect(leastOutstanding(() => 0.5).pick(views(7)).address).toBe("tcp:127.0.0.1:1000");
  });
});
