import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Sets the first byte of `marker` in `file` to `byte`: a way to put bytes h5wasm will not write
 * (0x80 in a fixed-length string, which it would encode as UTF-8) into a file it wrote. The marker
 * must occur exactly once, so nothing else in the file is touched.
 */
export function patchFirstByte(file: string, marker: string, byte: number): void {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(marker, 0, 'latin1');
  if (at < 0 || bytes.indexOf(marker, at + 1, 'latin1') >= 0) throw new Error(`marker ${marker} must occur exactly once in ${file}`);
  bytes[at] = byte;
  writeFileSync(file, bytes);
}
