/**
 * Watching a stream of replies without changing it: interceptors for logs, traces and metrics
 * wrap a `more` call's `AsyncIterable` to count its replies and learn how it ended. A wrapper,
 * not `for await`: a server handler's return value can be its final reply
 * (`MethodDefinition.streamEnd: "return"`), and `for await` would drop it.
 */

/** How a watched stream ended. */
export interface StreamEnding {
  /** Values the stream produced (a non-empty return value counts). */
  readonly replies: number;
  /** What it failed with; undefined when it ended normally or was abandoned. */
  readonly error: unknown;
  /** The consumer stopped early (`return()`: a loop left, a connection closed). */
  readonly abandoned: boolean;
}

/** Hooks of {@link watchStream}; `end` is called exactly once. */
export interface StreamHooks<T> {
  reply?(value: T): void;
  end(ending: StreamEnding): void;
  /** Runs each step of the source (e.g. inside a tracing context); default: as is. */
  step?<R>(run: () => R): R;
}

/** `source`, observed: each value through `reply`, the ending through `end`. */
export function watchStream<T>(source: AsyncIterable<T>, hooks: StreamHooks<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const inner = source[Symbol.asyncIterator]();
      const step = hooks.step ?? ((run) => run());
      let replies = 0;
      let ended = false;
      const end = (error: unknown, abandoned: boolean): void => {
        if (ended) return;
        ended = true;
        hooks.end({ replies, error, abandoned });
      };
      return {
        async next(): Promise<IteratorResult<T>> {
          let result: IteratorResult<T>;
          try {
            result = await step(() => inner.next());
          } catch (error) {
            end(error, false);
            throw error;
          }
          if (result.done !== true || (result.value !== undefined && result.value !== null)) {
            replies++;
            hooks.reply?.(result.value as T);
          }
          if (result.done === true) end(undefined, false);
          return result;
        },
        async return(value?: unknown): Promise<IteratorResult<T>> {
          end(undefined, true);
          const result = await step(() => inner.return?.(value));
          return result ?? { done: true, value: undefined };
        },
        async throw(error?: unknown): Promise<IteratorResult<T>> {
          end(error, false);
          if (inner.throw === undefined) throw error;
          return step(() => (inner.throw as (e?: unknown) => Promise<IteratorResult<T>>)(error));
        },
      };
    },
  };
}
