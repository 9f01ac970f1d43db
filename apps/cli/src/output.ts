import { stringify } from 'yaml';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/** Prints one object or a list as the user asked: aligned columns for people, JSON or YAML for scripts. */
export function render<T>(data: T | T[], format: OutputFormat, columns: Column<T>[]): string {
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (format === 'yaml') return stringify(data);
  const rows = Array.isArray(data) ? data : [data];
  const cells = [
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((column) => String(column.value(row) ?? ''))),
  ];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => line[index].length)));
  return `${cells
    .map((line) =>
      line
        .map((cell, index) => cell.padEnd(widths[index]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
