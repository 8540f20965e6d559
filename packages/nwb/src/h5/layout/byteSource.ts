import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';

/**
 * Random access to a file's bytes. The layout parser only ever reads through this, so
 * tests can hand it in-memory bytes and the parser itself stays free of I/O.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Exactly `length` bytes at `offset`; throws {@link LayoutUnsupported} past the end. */
  read(offset: number, length: number): Uint8Array;
  /** Fills `target` with the bytes at `offset` (no allocation; for bulk data). */
  readInto(offset: number, target: Uint8Array): void;
}

/**
 * Raised for any structure the layout parser does not handle (or that is damaged).
 * Callers treat it as "no fast path": the dataset is read through h5wasm instead, so it
 * never reaches a user.
 */
export class LayoutUnsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutUnsupported';
  }
}

/** Fails with {@link LayoutUnsupported} unless `condition` holds. */
export function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new LayoutUnsupported(message);
}

/** A {@link ByteSource} over bytes already in memory. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read(offset, length) {
      ensure(offset >= 0 && length >= 0 && offset + length <= bytes.byteLength, `read of ${length} bytes at ${offset} is outside the file`);
      return bytes.subarray(offset, offset + length);
    },
    readInto(offset, target) {
      target.set(this.read(offset, target.byteLength));
    },
  };
}

/** A {@link ByteSource} over an open file descriptor (synchronous positional reads). */
export class FileByteSource implements ByteSource {
  readonly size: number;
  private constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
  }

  static open(filePath: string): FileByteSource {
    return new FileByteSource(openSync(filePath, 'r'));
  }

  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(offset, out);
    return out;
  }

  readInto(offset: number, target: Uint8Array): void {
    const length = target.byteLength;
    ensure(offset >= 0 && offset + length <= this.size, `read of ${length} bytes at ${offset} is outside the file`);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, target, done, length - done, offset + done);
      ensure(n > 0, `short read at ${offset + done}`);
      done += n;
    }
  }

  /**
   * Like {@link readInto}, on libuv's thread pool: the calling thread can hash one block
   * while the next is read.
   */
  async readIntoAsync(offset: number, target: Uint8Array): Promise<void> {
    const length = target.byteLength;
    ensure(offset >= 0 && offset + length <= this.size, `read of ${length} bytes at ${offset} is outside the file`);
    let done = 0;
    while (done < length) {
      const n = await new Promise<number>((resolve, reject) => {
        read(this.fd, target, done, length - done, offset + done, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
      });
      ensure(n > 0, `short read at ${offset + done}`);
      done += n;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Little-endian field reader over one parsed structure. Offsets/lengths use the file's
 * declared sizes; 64-bit values must fit a JavaScript safe integer (files < 8 PiB).
 */
export class Cursor {
  pos: number;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    // Called for every field: the message is only built when the check fails.
    if (this.pos + n > this.bytes.byteLength)
      ensure(false, `structure ends early (need ${n} bytes at ${this.pos} of ${this.bytes.byteLength})`);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Unsigned little-endian integer of `n` bytes (1–8); undefined when all bits are set. */
  uintOrUndefined(n: number): number | undefined {
    this.need(n);
    let value = 0;
    let allOnes = true;
    for (let i = n - 1; i >= 0; i -= 1) {
      const b = this.bytes[this.pos + i];
      if (b !== 0xff) allOnes = false;
      value = value * 256 + b;
    }
    this.pos += n;
    if (allOnes) return undefined;
    ensure(Number.isSafeInteger(value), 'integer field exceeds 2^53');
    return value;
  }

  /** Unsigned integer of `n` bytes that must be defined. */
  uint(n: number): number {
    const v = this.uintOrUndefined(n);
    ensure(v !== undefined, 'undefined value where a number is required');
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Checks a 4-byte ASCII signature. */
  signature(sig: string): void {
    const got = String.fromCharCode(...this.take(4));
    ensure(got === sig, `expected signature ${sig}, found ${JSON.stringify(got)}`);
  }
}
