/**
 * A bounded memo of pure results by a text key: what the unit parsers and formatters keep, since a plan of
 * 100,000 groups repeats a few dozen texts and figures. Cleared whole when full (no order kept: the keys
 * that matter come back at once). Only results are kept; a `make` that throws is not remembered.
 */
export function remembering<T>(max: number): (key: string, make: () => T) => T {
  const kept = new Map<string, T>();
  return (key, make) => {
    const hit = kept.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (kept.size >= max) kept.clear();
    kept.set(key, value);
    return value;
  };
}
