/** The middle value (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Median milliseconds of `run` over `repetitions` timed runs, after `warmUp` untimed
 * ones (by default a quarter of the repetitions, at least 3) so the JIT has settled.
 */
export function measure(run: () => unknown, repetitions: number, warmUp = Math.max(3, repetitions >> 2)): number {
  for (let i = 0; i < warmUp; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}
