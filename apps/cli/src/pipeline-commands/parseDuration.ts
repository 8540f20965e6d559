import { cliErrors } from '../cliErrors';

/** Parses `--older-than` values like `7d`, `12h`, `0d` (or a bare number of days) into days. */
export function parseDurationDays(flag: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([dh]?)\s*$/i.exec(text);
  if (!match) {
    throw cliErrors.flagInvalid(flag, text, 'a duration like 7d or 12h');
  }
  const value = Number(match[1]);
  return match[2]!.toLowerCase() === 'h' ? value / 24 : value;
}
