import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Size and md5 of a file's bytes: what "the same raw file" means for re-ingestion. */
export interface FileFingerprint {
  size: number;
  md5: string;
}

/** Streams `filePath` through md5 (bounded memory for multi-GB raw files). */
export async function fileFingerprint(filePath: string): Promise<FileFingerprint> {
  const { size } = await stat(filePath);
  const hash = createHash('md5');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
  return { size, md5: hash.digest('hex') };
}

/**
 * Why two files differ, or `undefined` when their bytes are identical. Sizes are compared
 * first so a different file rarely costs a full read.
 */
export async function fileDifference(a: string, b: string): Promise<string | undefined> {
  const [sa, sb] = await Promise.all([stat(a), stat(b)]);
  if (sa.size !== sb.size) return `size ${sa.size} vs ${sb.size} bytes`;
  const [fa, fb] = await Promise.all([fileFingerprint(a), fileFingerprint(b)]);
  return fa.md5 === fb.md5 ? undefined : `md5 ${fa.md5} vs ${fb.md5}`;
}
