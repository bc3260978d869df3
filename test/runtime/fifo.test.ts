import { describe, expect, it } from "vitest";
import { Fifo } from "../../packages/runtime/src/wire/fifo.js";

describe("Fifo", () => {
  it.each([1, 10, 1500, 5000])("keeps push order through %i rounds of two pushes and one shift", (n) => {
    const fifo = new Fifo<number>();
    const pushed: number[] = [];
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      for (const value of [2 * i, 2 * i + 1]) {
        fifo.push(value);
        pushed.push(value);
      }
      out.push(fifo.shift() as number);
    }
    expect(fifo.length).toBe(n);
    expect(fifo.peek()).toBe(pushed[n]);
    out.push(...fifo.drain());
    expect(out).toEqual(pushed);
    expect(fifo.length).toBe(0);
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.peek()).toBeUndefined();
  });
});
