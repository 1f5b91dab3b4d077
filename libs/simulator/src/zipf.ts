/** Popularity weights of ranks 1..n under Zipf's law with exponent `s`: weight(k) = 1 / k^s. */
export function zipfWeights(n: number, s: number): Float64Array {
  const weights = new Float64Array(n);
  for (let k = 1; k <= n; k++) weights[k - 1] = 1 / Math.pow(k, s);
  return weights;
}

/** Share of all draws that go to the `top` most popular of `n` ranks under Zipf(s). */
export function zipfTopShare(top: number, n: number, s: number): number {
  const weights = zipfWeights(n, s);
  let head = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    total += w;
    if (i < top) head += w;
  }
  return head / total;
}
