/** How many keys {@link cached} keeps before it starts again. */
export const CACHE_LIMIT = 1024;

/**
 * `compute(key)`, computed once per key: span attributes of a method (a server's methods, a
 * client's calls) or of a peer address. The SDK copies what `startSpan` and `setAttributes` get,
 * so one object serves every span. Peers are not a bounded set (DNS discovery and pod churn
 * bring new `tcp:ip:port`s for the life of the process; a proxy forwards any method name), so the
 * cache is cleared when it reaches {@link CACHE_LIMIT} keys: recomputing is cheap, growing is not.
 */
export function cached<K, V>(compute: (key: K) => V, limit: number = CACHE_LIMIT): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
