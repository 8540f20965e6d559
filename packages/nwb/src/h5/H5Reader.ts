/**
 * Low-level, read-only access to one HDF5 file through h5wasm's `Module` functions.
 * The high-level h5wasm API hides what the hasher needs (object identity, raw bytes of
 * float16 data, link kinds without following them), so the hasher reads through this
 * class; h5wasm is still loaded only by `h5wasm.ts`.
 */
import { assertInvariant } from '@spyglass-recompute/errors';
import { hashErrors } from '../hashing/hashErrors';
import type { H5Wasm } from './h5wasm';

/** h5wasm's dataset/attribute metadata (type class, size, byte order, shape, …). */
export type H5Metadata = ReturnType<H5Wasm['Module']['get_dataset_metadata']>;

/** What a link resolves to, following soft/external links. */
export type H5ObjectKind = 'group' | 'dataset' | 'datatype' | 'unresolved';

/** How a link is stored in its group. */
export type H5LinkKind = 'hard' | 'soft' | 'external';

type H5Module = H5Wasm['Module'];

/** HDF5 type classes (H5T_class_t). */
export const H5T = {
  integer: 0,
  float: 1,
  time: 2,
  string: 3,
  bitfield: 4,
  opaque: 5,
  compound: 6,
  reference: 7,
  enum: 8,
  vlen: 9,
  array: 10,
} as const;

/** A read-only HDF5 file opened through h5wasm's low-level functions. */
export class H5Reader {
  private closed = false;

  private constructor(
    private readonly module: H5Module,
    /** HDF5 file id (hid_t). */
    readonly fileId: bigint,
    /** Path the file was opened from. */
    readonly filePath: string,
  ) {}

  /**
   * Opens `filePath` read-only. HDF5 errors throw (h5wasm's throwing error handler is
   * activated by `loadH5wasm`).
   */
  static open(h5: H5Wasm, filePath: string): H5Reader {
    const module = h5.Module;
    const fileId = module.open(filePath, module.H5F_ACC_RDONLY, false, -1, -1);
    // h5wasm's throwing error handler (activated by loadH5wasm) throws before a negative id comes back.
    assertInvariant(fileId >= 0n, () => `HDF5 returned no file id for ${filePath} without throwing`);
    return new H5Reader(module, fileId, filePath);
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.module.close_file(this.fileId);
  }

  /** Link names of a group in HDF5 iteration order (creation order when the group tracks it). */
  childNames(groupPath: string): string[] {
    return this.module.get_names(this.fileId, groupPath, false);
  }

  /** Kind of the link at `path` (the last component is not followed). */
  linkKind(path: string): H5LinkKind {
    if (this.module.get_symbolic_link(this.fileId, path) !== null) return 'soft';
    const ext = this.module.get_external_link(this.fileId, path) as { filename?: string };
    if (ext.filename !== undefined) return 'external';
    return 'hard';
  }

  /** Object path inside the target file of the external link at `path`. */
  externalTarget(path: string): string | undefined {
    const ext = this.module.get_external_link(this.fileId, path) as { obj_path?: string };
    return ext.obj_path;
  }

  /** What `path` resolves to, following links; `unresolved` for dangling soft/external links. */
  objectKind(path: string): H5ObjectKind {
    const type = this.module.get_type(this.fileId, path);
    if (type === this.module.H5G_GROUP) return 'group';
    if (type === this.module.H5G_DATASET) return 'dataset';
    if (type === this.module.H5G_TYPE) return 'datatype';
    return 'unresolved';
  }

  /**
   * Identity of the object at `path`: an HDF5 object reference holds the object header
   * address, equal for every hard link to the same object.
   */
  objectToken(path: string): string {
    return Buffer.from(this.module.create_object_reference(this.fileId, path)).toString('hex');
  }

  /** Path (`/a/b`) of the object an 8-byte object reference points to, or null. */
  referencedPath(ref: Uint8Array): string | null {
    return this.module.get_referenced_name(this.fileId, ref, true);
  }

  /** Metadata of the dataset at `path`. */
  datasetMeta(path: string): H5Metadata {
    return this.module.get_dataset_metadata(this.fileId, path);
  }

  /** Attribute names of the object at `path`. */
  attributeNames(path: string): string[] {
    return this.module.get_attribute_names(this.fileId, path);
  }

  /** Metadata of attribute `name` on the object at `path`. */
  attributeMeta(path: string, name: string): H5Metadata {
    return this.module.get_attribute_metadata(this.fileId, path, name);
  }

  /**
   * Raw attribute bytes in the file type with little-endian byte order; variable-length
   * strings come back as their UTF-8/ASCII bytes instead of pointers.
   */
  readAttribute(path: string, name: string, meta: H5Metadata): RawData {
    const nbytes = meta.size * meta.total_size;
    const ptr = this.malloc(nbytes, path);
    try {
      this.module.get_attribute_data(this.fileId, path, name, BigInt(ptr));
      if (meta.vlen) {
        try {
          return { strings: this.vlenStrings(ptr, meta.total_size) };
        } finally {
          this.module.reclaim_vlen_memory(this.fileId, path, name, BigInt(ptr));
        }
      }
      return { bytes: this.module.HEAPU8.slice(ptr, ptr + nbytes) };
    } finally {
      this.module._free(ptr);
    }
  }

  /**
   * Reads rows `[start, start + count)` along axis 0 (or the whole scalar when `shape` is
   * empty) and passes a view into the wasm heap to `consume`, valid only during the call.
   * Numeric data arrives little-endian; vlen strings arrive as byte strings.
   */
  readRows<T>(path: string, meta: H5Metadata, start: number, count: number, consume: (data: RawData) => T): T {
    const shape = meta.shape ?? [];
    const rowElems = shape.slice(1).reduce((a, b) => a * b, 1);
    const nElems = shape.length === 0 ? 1 : count * rowElems;
    const nbytes = nElems * meta.size;
    const ptr = this.malloc(Math.max(nbytes, 1), path);
    try {
      if (shape.length === 0) {
        this.module.get_dataset_data(this.fileId, path, null, null, null, BigInt(ptr));
      } else {
        const counts = [BigInt(count), ...shape.slice(1).map(BigInt)];
        const offsets = [BigInt(start), ...shape.slice(1).map(() => 0n)];
        const strides = shape.map(() => 1n);
        this.module.get_dataset_data(this.fileId, path, counts, offsets, strides, BigInt(ptr));
      }
      if (!meta.vlen && hasVlenMember(meta)) {
        // Compound values holding vlen strings: `consume` may follow their pointers with
        // `heapString`; the strings are freed afterwards.
        try {
          return consume({ bytes: this.module.HEAPU8.subarray(ptr, ptr + nbytes) });
        } finally {
          if (shape.length === 0) this.module.reclaim_vlen_memory(this.fileId, path, '', BigInt(ptr));
          else this.module.reclaim_vlen_memory_count(this.fileId, path, '', BigInt(ptr), [BigInt(count), ...shape.slice(1).map(BigInt)]);
        }
      }
      if (meta.vlen) {
        try {
          return consume({ strings: this.vlenStrings(ptr, nElems) });
        } finally {
          const counts = shape.length === 0 ? [] : [BigInt(count), ...shape.slice(1).map(BigInt)];
          if (shape.length === 0) this.module.reclaim_vlen_memory(this.fileId, path, '', BigInt(ptr));
          else this.module.reclaim_vlen_memory_count(this.fileId, path, '', BigInt(ptr), counts);
        }
      }
      return consume({ bytes: this.module.HEAPU8.subarray(ptr, ptr + nbytes) });
    } finally {
      this.module._free(ptr);
    }
  }

  /**
   * The NUL-terminated bytes at wasm address `pointer` (a vlen string inside compound data
   * passed to a `readRows` consumer; valid only during that call). Null pointer → empty.
   */
  heapString(pointer: number): Uint8Array {
    if (pointer === 0) return new Uint8Array(0);
    const heap = this.module.HEAPU8;
    let end = pointer;
    while (heap[end] !== 0) end += 1;
    return heap.slice(pointer, end);
  }

  /** Allocates `nbytes` of wasm heap for a read of the object at `path` (named by the error when it cannot be served). */
  private malloc(nbytes: number, path: string): number {
    if (nbytes > this.module.MAXIMUM_MEMORY)
      throw hashErrors.hdf5ReadTooLarge(this.filePath, path, `read of ${nbytes} bytes exceeds the wasm heap`);
    const ptr = this.module._malloc(nbytes);
    if (ptr === 0) throw hashErrors.hdf5ReadTooLarge(this.filePath, path, `wasm allocation of ${nbytes} bytes failed`);
    return ptr;
  }

  /** Copies NUL-terminated strings behind `n` 32-bit pointers at `ptr`. */
  private vlenStrings(ptr: number, n: number): Uint8Array[] {
    const heap = this.module.HEAPU8;
    const view = new DataView(heap.buffer, heap.byteOffset);
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i += 1) {
      const p = view.getUint32(ptr + 4 * i, true);
      if (p === 0) {
        out.push(new Uint8Array(0));
        continue;
      }
      let end = p;
      while (heap[end] !== 0) end += 1;
      out.push(heap.slice(p, end));
    }
    return out;
  }
}

/** True when a compound type holds variable-length strings (as pointers in the data read). */
function hasVlenMember(meta: H5Metadata): boolean {
  return (meta.compound_type?.members ?? []).some((m) => m.vlen || hasVlenMember(m as unknown as H5Metadata));
}

/** Bytes read from HDF5: either raw element bytes or, for vlen strings, one byte string per element. */
export type RawData = { bytes: Uint8Array; strings?: undefined } | { strings: Uint8Array[]; bytes?: undefined };
