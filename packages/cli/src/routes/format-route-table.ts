import type { RouteDescription } from '@tsapi/core';

const HEADINGS = ['METHOD', 'PATH', 'HANDLER', 'DEPENDENCIES', 'TAGS'] as const;

function toCells(row: RouteDescription): string[] {
  const methods = row.kind === 'plugin' ? '*' : row.kind === 'websocket' ? 'WS' : row.methods.join(',');
  const handler = row.kind === 'plugin' ? `${row.handler} (plugin)` : row.handler;
  return [methods, row.path, handler, row.dependencies.join(', ') || '-', row.tags.join(', ') || '-'];
}

/**
 * The route table as aligned text columns, one route a line.
 *
 * @example
 * formatRouteTable(app.routeTable());
 * // METHOD  PATH             HANDLER                DEPENDENCIES  TAGS
 * // GET     /items/{itemId}  ItemsController.read   getDb         items
 */
export function formatRouteTable(rows: readonly RouteDescription[]): string {
  const lines = [[...HEADINGS], ...rows.map(toCells)];
  const widths = HEADINGS.map((_, column) => Math.max(...lines.map((cells) => cells[column].length)));
  return (
    lines
      .map((cells) =>
        cells
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
