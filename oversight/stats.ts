/** Small, exact statistics the rules need; no dependencies. */

/** The median of a list (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The chance of at least k events when they arrive at rate λ (Poisson upper tail). Summed
 * term by term below k; past λ = 500 (where e^−λ underflows) the normal approximation with a
 * continuity correction, which is within 1e-3 there.
 */
export function poissonAtLeast(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (lambda > 500) return 0.5 * erfc((k - 0.5 - lambda) / Math.sqrt(2 * lambda));
  let term = Math.exp(-lambda);
  let below = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/** The complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
