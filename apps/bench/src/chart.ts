import { FAMILY_LABELS, type Family } from './contenders';
import { resultOf, type ScenarioResult } from './summarize';

const COLORS: Readonly<Record<Family, string>> = {
  tsapi: '#2563eb',
  fastify: '#16a34a',
  nestjs: '#dc2626',
  fastapi: '#9333ea',
};

const BAR = 16;
const GROUP_GAP = 28;
const LEFT = 64;
const RIGHT = 16;
const TOP = 48;
const PLOT_HEIGHT = 260;
const BOTTOM = 40;
const LEGEND_ITEM = 80;

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** A round number just above `max`, so that the axis has even ticks. */
function axisTop(max: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(max, 1)));
  return Math.ceil(max / step) * step;
}

const kilo = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : String(Math.round(n)));

/** Grouped bars: median req/s of each framework in each scenario, as a standalone SVG document. */
export function throughputChart(results: readonly ScenarioResult[], families: readonly Family[]): string {
  const groupWidth = families.length * BAR + GROUP_GAP;
  const legendWidth = families.length * LEGEND_ITEM;
  const width = LEFT + Math.max(results.length * groupWidth, legendWidth, 300) + RIGHT;
  const height = TOP + PLOT_HEIGHT + BOTTOM;
  const max = axisTop(Math.max(1, ...results.flatMap((r) => r.contenders.map((c) => c.rps.median))));
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / max) * PLOT_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="bold">req/s, median over rounds (higher is better)</text>`,
  ];
  families.forEach((family, i) => {
    const x = LEFT + i * LEGEND_ITEM;
    parts.push(`<rect x="${x}" y="26" width="10" height="10" fill="${COLORS[family]}"/>`);
    parts.push(`<text x="${x + 14}" y="35">${FAMILY_LABELS[family]}</text>`);
  });
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    parts.push(`<line x1="${LEFT}" x2="${width - RIGHT}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(value) + 4}" text-anchor="end">${kilo(value)}</text>`);
  }
  results.forEach((result, g) => {
    const groupX = LEFT + g * groupWidth + GROUP_GAP / 2;
    families.forEach((family, i) => {
      const server = result.scenario.contenders.find((c) => c.family === family)?.server;
      const measured = server === undefined ? undefined : resultOf(result, server);
      if (!measured) return;
      const x = groupX + i * BAR;
      const top = y(measured.rps.median);
      const title = `${FAMILY_LABELS[family]}, ${result.scenario.label}: ${Math.round(measured.rps.median)} req/s`;
      parts.push(
        `<rect x="${x}" y="${top}" width="${BAR - 2}" height="${TOP + PLOT_HEIGHT - top}" fill="${COLORS[family]}"><title>${escapeXml(title)}</title></rect>`,
      );
      parts.push(
        `<text transform="translate(${x + BAR / 2 + 3} ${top - 3}) rotate(-90)" font-size="9">${kilo(measured.rps.median)}</text>`,
      );
    });
    const centre = groupX + (families.length * BAR) / 2;
    parts.push(
      `<text x="${centre}" y="${TOP + PLOT_HEIGHT + 16}" text-anchor="middle">${escapeXml(result.scenario.id)}</text>`,
    );
  });
  parts.push(`<line x1="${LEFT}" x2="${width - RIGHT}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  parts.push('</svg>', '');
  return parts.join('\n');
}
