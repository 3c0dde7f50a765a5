import { FAMILY_LABELS, type Family } from './contenders';
import type { Target } from './scenarios';
import { spreadCell } from './statistics';
import { ratioBetween, resultOf, type Ratio, type ScenarioResult } from './summarize';

function ratioCell(ratio: Ratio | undefined): string {
  return ratio ? `**${ratio.ratio.toFixed(3)}** (${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)})` : '—';
}

function labelOf(result: ScenarioResult, server: string): string {
  return resultOf(result, server)?.contender.label ?? FAMILY_LABELS[server as Family] ?? server;
}

function targetCell(result: ScenarioResult, target: Target): string {
  const ratio = ratioBetween(result, target.measured, target.baseline);
  const name = `${labelOf(result, target.measured)} / ${labelOf(result, target.baseline)}`;
  if (!ratio) return `${name} ≥ ${target.atLeast.toFixed(2)}: not measured`;
  return `${name} ${ratio.ratio.toFixed(2)} ≥ ${target.atLeast.toFixed(2)}: ${ratio.ratio >= target.atLeast ? 'met' : '**missed**'}`;
}

function serverOf(result: ScenarioResult, family: Family): string | undefined {
  return result.scenario.contenders.find((c) => c.family === family)?.server;
}

/** req/s median (min–max over rounds) and median p99 of each framework in each scenario. */
export function throughputTable(results: readonly ScenarioResult[], families: readonly Family[]): string {
  const lines = [
    `| scenario | ${families.map((f) => `${FAMILY_LABELS[f]} req/s | p99 ms`).join(' | ')} |`,
    `| --- | ${families.map(() => '---: | ---:').join(' | ')} |`,
  ];
  for (const result of results) {
    const cells = families.map((family) => {
      const measured = resultOf(result, serverOf(result, family) ?? '');
      return measured ? `${spreadCell(measured.rps)} | ${measured.p99}` : '— | —';
    });
    lines.push(`| ${result.scenario.label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Each framework's ratio to plain Fastify in each scenario, and the targets. */
export function ratioTable(results: readonly ScenarioResult[], families: readonly Family[]): string {
  const others = families.filter((f) => f !== 'fastify');
  const lines = [
    `| scenario | ${others.map((f) => `${FAMILY_LABELS[f]} / Fastify`).join(' | ')} | targets |`,
    `| --- | ${others.map(() => '---:').join(' | ')} | --- |`,
  ];
  for (const result of results) {
    const fastify = serverOf(result, 'fastify') ?? '';
    const cells = others.map((f) => ratioCell(ratioBetween(result, serverOf(result, f) ?? '', fastify)));
    const targets = result.scenario.targets.map((t) => targetCell(result, t)).join('; ') || '—';
    lines.push(`| ${result.scenario.label} | ${cells.join(' | ')} | ${targets} |`);
  }
  return lines.join('\n');
}

/** tsapi with one feature against tsapi without it, one row per feature. */
export function overheadTable(results: readonly ScenarioResult[]): string {
  const lines = [
    '| scenario | measured | req/s median (min–max) | p99 ms | baseline | req/s median (min–max) | p99 ms | ratio (per round) | target |',
    '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |',
  ];
  for (const result of results) {
    const [measured, baseline] = result.contenders;
    const target = result.scenario.targets[0];
    lines.push(
      `| ${result.scenario.label} | ${measured.contender.label} | ${spreadCell(measured.rps)} | ${measured.p99} | ` +
        `${baseline.contender.label} | ${spreadCell(baseline.rps)} | ${baseline.p99} | ` +
        `${ratioCell(ratioBetween(result, measured.contender.server, baseline.contender.server))} | ${target ? targetCell(result, target) : '—'} |`,
    );
  }
  return lines.join('\n');
}
