import { cliErrors } from '../cliErrors';

/** Parses `--electrodes 0,1,2,3` into non-negative integers. */
export function parseIdList(flag: string, value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s)))
    throw cliErrors.flagInvalid(flag, value, 'a comma-separated list of non-negative integers');
  return parts.map(Number);
}

/** Parses `--interval START:END[,START:END...]` (seconds) into `[start, end]` pairs. */
export function parseIntervals(flag: string, value: string): [number, number][] {
  return value.split(',').map((piece) => {
    const match = /^\s*([-+]?[\d.]+(?:e[-+]?\d+)?)\s*:\s*([-+]?[\d.]+(?:e[-+]?\d+)?)\s*$/i.exec(piece);
    const start = match ? Number(match[1]) : Number.NaN;
    const end = match ? Number(match[2]) : Number.NaN;
    if (!Number.isFinite(start) || !Number.isFinite(end) || !(start < end)) {
      throw cliErrors.flagInvalid(flag, value, 'START:END pairs of seconds with START < END, separated by commas');
    }
    return [start, end] as [number, number];
  });
}

/** Seconds from a flag (plain decimal or exponent notation). */
export function parseSeconds(flag: string, value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds)) throw cliErrors.flagInvalid(flag, value, 'a number of seconds');
  return seconds;
}

/** Parses a non-negative integer argument or flag value (`what` names it, e.g. `ID`). */
export function parseNonNegativeInteger(what: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)))
    throw cliErrors.flagInvalid(what, value, 'a non-negative integer');
  return Number(value);
}
