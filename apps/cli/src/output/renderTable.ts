/** One column of {@link renderTable}: its header and how to show a row's cell. */
export interface TableColumn<Row> {
  header: string;
  cell: (row: Row) => string | number | null | undefined;
  /** Right-align (numbers, sizes). @default false */
  alignRight?: boolean;
}

/**
 * A plain-text table: a header line, then one line per row, columns padded to the widest cell
 * and separated by two spaces (no box drawing, so it stays greppable and pastes cleanly).
 * Absent values show as `-`.
 */
export function renderTable<Row>(rows: readonly Row[], columns: ReadonlyArray<TableColumn<Row>>): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.cell(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const format = (line: readonly string[]): string =>
    line
      .map((text, i) => (columns[i]!.alignRight ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(columns.map((column) => column.header)), ...cells.map(format)].join('\n');
}

function cellText(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : String(value);
}

/** The "rows a–b of n" line under a paged listing, with the flag that shows the next page. */
export function pageFooter(page: { total: number; offset: number; shown: number }, what: string): string {
  if (page.total === 0) return `no ${what}`;
  if (page.shown === 0) return `no ${what} at --offset ${page.offset} (there are ${page.total})`;
  const last = page.offset + page.shown;
  const range = `${what} ${page.offset + 1}–${last} of ${page.total}`;
  return last < page.total ? `${range}; next page: --offset ${last}` : range;
}
