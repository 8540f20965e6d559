import * as Flags from '@oclif/core/flags';

/** Default page size of every `list` command: enough to read on a screen, small enough for a 10,000-row lab. */
export const DEFAULT_PAGE_SIZE = 100;

/** `--limit` / `--offset` for every `list` command (the JSON output carries `total` for paging scripts). */
export function pagingFlags() {
  return {
    limit: Flags.integer({
      summary: `Show at most this many rows (default ${DEFAULT_PAGE_SIZE}).`,
      min: 1,
      default: DEFAULT_PAGE_SIZE,
      helpGroup: 'PAGING',
    }),
    offset: Flags.integer({
      summary: 'Skip this many rows first (the footer names the next page’s --offset).',
      min: 0,
      default: 0,
      helpGroup: 'PAGING',
    }),
  };
}

/** One page of rows and the total before paging. */
export interface Page<Row> {
  total: number;
  offset: number;
  limit: number;
  rows: Row[];
}

/** Pages an in-memory list. */
export function pageOf<Row>(rows: readonly Row[], offset: number, limit: number): Page<Row> {
  return { total: rows.length, offset, limit, rows: rows.slice(offset, offset + limit) };
}
