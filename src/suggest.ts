/** "Did you mean ...?": the closest of some known words, for typos in keys, type names and the like. */

/** The candidate nearest to `word` (case-insensitive edit distance; then the shorter), if within `maxDistance` edits. */
export function closest(word: string, candidates: Iterable<string>, maxDistance = 3): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    const better = best === undefined || distance < best.distance || (distance === best.distance && candidate.length < best.candidate.length);
    if (distance <= maxDistance && better) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
