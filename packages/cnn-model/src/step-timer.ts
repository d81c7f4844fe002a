/**
 * Keeps the durations of the most recent steps and reports their median, which ignores the slow
 * first steps (kernel compilation, memory growth) and occasional pauses.
 */
export class StepTimer {
  private readonly durations: number[] = [];

  /** @param window - How many recent durations the median covers. */
  constructor(private readonly window = 25) {}

  /** Adds the duration of one step, in milliseconds. */
  record(milliseconds: number): void {
    this.durations.push(milliseconds);
    if (this.durations.length > this.window) {
      this.durations.shift();
    }
  }

  /** Returns the median of the recorded durations in milliseconds, or 0 before the first step. */
  median(): number {
    if (this.durations.length === 0) {
      return 0;
    }

    const sorted = [...this.durations].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
