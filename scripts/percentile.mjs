// The benchmarks' percentiles, by nearest rank: the smallest value with at least that share of the
// values at or below it.

/** The percentiles `qs` (each from 0 to 1) of `values`, in any order, sorted once; each `undefined` for no values. */
export function percentiles(values, qs) {
  const sorted = values.toSorted((a, b) => a - b);
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
}

/** One percentile `q` (from 0 to 1) of `values`, in any order. */
export function percentile(values, q) {
  return percentiles(values, [q])[0];
}
