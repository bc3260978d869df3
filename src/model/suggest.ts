/**
 * "Did you mean ...?" suggestions: the closest candidate by edit distance (Levenshtein plus
 * transposition of neighbours, since `Flaot` for `float` is the commonest typo), compared case
 * insensitively and accepted when the distance is small relative to the name (a third of its
 * length, at least 1). A candidate that differs only in case always wins.
 */

/**
 * Optimal string alignment distance: insert, delete, substitute, and swap two neighbouring
 * characters each cost 1. Stops early and returns `bound + 1` once the distance must exceed
 * `bound`, which keeps a search over many candidates cheap.
 */
export function editDistance(a: string, b: string, bound = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current.push(best);
      rowMin = Math.min(rowMin, best);
    }
    // Row minima never decrease, so once a row is past the bound the distance is too.
    if (rowMin > bound) return bound + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The best suggestion for `name` among `candidates`, or undefined when none is close. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    // A length difference is a lower bound on the distance: skip hopeless candidates cheaply.
    if (candidate === name || Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const other = candidate.toLowerCase();
    const distance = other === lower ? 0 : editDistance(lower, other, bestDistance);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
