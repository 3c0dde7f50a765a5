/** Median, lowest and highest of a set of figures (one per round). */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function spreadCell(spread: Spread, format: (n: number) => string = (n) => thousands.format(n)): string {
  return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;
}
