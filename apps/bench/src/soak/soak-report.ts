import type { TrafficTally } from './traffic';

export interface MemorySample {
  /** Seconds since the traffic started. */
  readonly at: number;
  readonly rssMiB: number;
}

export interface SoakResult {
  readonly seconds: number;
  readonly rate: number;
  readonly warmup: number;
  readonly workers: number | undefined;
  readonly tally: TrafficTally;
  readonly samples: readonly MemorySample[];
  readonly baselineMiB: number;
  readonly finalMiB: number;
  readonly peakMiB: number;
  readonly exitCode: number | string;
}

/** RSS growth allowed after warm-up (RELIABILITY.md). */
export const GROWTH_LIMIT_MIB = 32;

export function growthOf(result: SoakResult): number {
  return result.finalMiB - result.baselineMiB;
}

export function passed(result: SoakResult): boolean {
  return result.tally.unexpected === 0 && growthOf(result) < GROWTH_LIMIT_MIB && result.exitCode === 0;
}

const W = 640;
const H = 260;
const PAD = { left: 56, right: 16, top: 32, bottom: 36 };

/** RSS over time as a standalone SVG line chart, with the warm-up shaded. */
export function memoryChart(result: SoakResult): string {
  const { samples } = result;
  const maxAt = Math.max(1, ...samples.map((s) => s.at));
  const top = Math.ceil(Math.max(1, ...samples.map((s) => s.rssMiB)) / 50) * 50;
  const x = (at: number) => PAD.left + (at / maxAt) * (W - PAD.left - PAD.right);
  const y = (mib: number) => PAD.top + (1 - mib / top) * (H - PAD.top - PAD.bottom);
  const line = samples.map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.at).toFixed(1)},${y(s.rssMiB).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const mib = top * f;
    return `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(mib)}" y2="${y(mib)}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${y(mib) + 4}" text-anchor="end">${Math.round(mib)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="18" font-size="13" font-weight="bold">server RSS (MiB) over ${Math.round(maxAt)} s of mixed traffic at ${result.rate} req/s</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${x(result.warmup) - PAD.left}" height="${H - PAD.top - PAD.bottom}" fill="#f3f4f6"/>`,
    `<text x="${PAD.left + 4}" y="${PAD.top + 12}" fill="#6b7280">warm-up</text>`,
    ...ticks,
    `<path d="${line}" fill="none" stroke="#2563eb" stroke-width="1.5"/>`,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">seconds</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** The report: verdict, figures, statuses per kind of request. */
export function soakMarkdown(result: SoakResult, chartFile: string, command: string): string {
  const { tally } = result;
  const rows = Object.entries(tally.byShot).map(
    ([shot, counts]) =>
      `| ${shot} | ${Object.entries(counts)
        .map(([status, n]) => `${status} × ${n}`)
        .join(', ')} |`,
  );
  return [
    '# Soak',
    '',
    `\`${command}\` served the template with \`tsapi run\`${result.workers ? ` --workers ${result.workers}` : ''} and sent mixed valid and invalid requests at a steady ${result.rate} req/s for ${result.seconds} s (load generator and server on the same machine). RSS is sampled every second; growth is the median of the last 30 s against the median of the 30 s after a ${result.warmup} s warm-up.`,
    '',
    `**${passed(result) ? 'Passed' : 'Failed'}**: ${tally.unexpected} unexpected statuses in ${tally.sent.toLocaleString('en-US')} requests; RSS ${result.baselineMiB.toFixed(1)} → ${result.finalMiB.toFixed(1)} MiB (growth ${growthOf(result).toFixed(1)} MiB, limit ${GROWTH_LIMIT_MIB}; peak ${result.peakMiB.toFixed(1)} MiB); exit code after SIGTERM: ${result.exitCode}.`,
    '',
    `![RSS over time](${chartFile})`,
    '',
    '| request | answers |',
    '| --- | --- |',
    ...rows,
    '',
    ...(tally.examples.length > 0
      ? ['Unexpected answers (first ten):', '', ...tally.examples.map((e) => `- ${e}`), '']
      : []),
  ].join('\n');
}
