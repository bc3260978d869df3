/**
 * "Has the generator got its next value ready?" for `more` streams sent promptly
 * (`streamEnd: "prompt"`): a value that settles in the current macrotask's microtasks is ready;
 * one still pending once the event loop turns (I/O, timers, an event the generator awaits) is
 * not, and the value held back goes out without waiting for it.
 * @internal
 */

/** What {@link nextTurn} resolves with. @internal */
export const TURN: unique symbol = Symbol("turn");

let turn: Promise<typeof TURN> | undefined;

/**
 * Resolves after the current macrotask, at the next `setImmediate`. One promise (one immediate)
 * is shared by every stream that asks in the same macrotask, so a burst costs one immediate.
 * @internal
 */
export function nextTurn(): Promise<typeof TURN> {
  return (turn ??= new Promise((resolve) =>
    setImmediate(() => {
      turn = undefined;
      resolve(TURN);
    }),
  ));
}
