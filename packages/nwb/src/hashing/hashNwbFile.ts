import { createHash } from 'node:crypto';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { loadH5wasm, type H5Wasm } from '../h5/h5wasm';
import { H5Reader, type H5ObjectKind } from '../h5/H5Reader';
import { compareCodePoints, dumpPythonJson } from '../python-format/dumpPythonJson';
import { attributeParts } from './attributeParts';
import { checkInputFile } from './checkInputFile';
import { Md5Offload } from './Md5Offload';
import { Prehash } from './prehash/Prehash';
import { STREAM_MIN_BYTES, datasetDigest } from './datasetDigest';
import { fileNamespaces } from './fileNamespaces';
import { hashErrors } from './hashErrors';
import { h5pyTypeStr, numpyDtype, pythonShape } from './numpyDtype';
import { datasetDecimals, parentPrecision } from './parentPrecision';

/** Options of {@link hashNwbFile}. */
export interface HashNwbFileOptions {
  /**
   * Decimal rounding per parent-group basename. A number N means
   * `{ProcessedElectricalSeries: N}` (not "all datasets"); 0 disables rounding.
   * @default {ProcessedElectricalSeries: 4}
   */
  precision?: number | Record<string, number>;
  /** Spyglass `legacy_mode` (metadata only) → algorithm `spyglass-nwb-legacy`. @default false */
  legacy?: boolean;
  /** Rows per batch; changes digests of string datasets longer than one batch. @default 32768 */
  batchSize?: number;
  /** Include the per-object digests in the result. @default false */
  objects?: boolean;
}

/** Result of {@link hashNwbFile}. */
export interface NwbHashResult {
  algorithm: 'spyglass-nwb' | 'spyglass-nwb-legacy';
  /** md5 hex digest, identical to Spyglass's `NwbfileHasher(...).hash`. */
  hash: string;
  /**
   * Cached namespace versions that were hashed first (`{}` without `.specloc`); null for a
   * namespace cached without a version (old hdmf), as Spyglass reports it.
   */
  namespaces: Record<string, string | null>;
  /** Object path (no leading `/`) → digest, in hashing order (when `objects: true`). */
  objects?: Record<string, string>;
}

/** Execution knobs that never change a digest. */
export interface HashRuntimeOptions {
  /**
   * Hash large numeric datasets on an md5 worker thread while this thread reads HDF5
   * (needs the built `dist/` worker script; falls back to in-thread md5). @default true
   */
  pipelined?: boolean;
  /** A worker spawned ahead of time (see {@link hashNwbFile}); closed when hashing ends. */
  offload?: Md5Offload;
  /** Called after each hashed object, for progress display (never changes the digest). */
  onObject?: (done: number, total: number, objectPath: string) => void;
  /**
   * Numeric datasets of at least this many bytes are hashed ahead, straight from the file,
   * on a worker that starts before h5wasm has loaded (see `prehash/Prehash`); `Infinity`
   * turns this off. Never changes a digest. @default 16 MiB (needs `pipelined`)
   */
  prehashMinBytes?: number;
  /** A prehash worker started by the caller (see {@link hashNwbFile}); closed when hashing ends. */
  prehash?: Prehash;
  /**
   * Called once per hashed dataset content (not in legacy mode) with the thread that computed its
   * digest, for benchmarks and diagnostics (never changes the digest): `prehash` = the look-ahead
   * worker, `md5-worker` = read here and md5 on the md5 thread, `this-thread` = read and md5 here.
   */
  onDatasetDigest?: (objectPath: string, computedBy: DatasetDigestThread) => void;
}

/** Which thread computed a dataset's digest (see {@link HashRuntimeOptions.onDatasetDigest}). */
export type DatasetDigestThread = 'prehash' | 'md5-worker' | 'this-thread';

/** Spyglass defaults. */
export const DEFAULT_BATCH_SIZE = 32768;
export const DEFAULT_PRECISION: Readonly<Record<string, number>> = Object.freeze({ ProcessedElectricalSeries: 4 });
const IGNORED_NAMES = new Set(['version', 'source_script']);
/** Bytes per h5wasm read for numeric data; batching does not change numeric digests. */
const NUMERIC_READ_BYTES = 8 * 1024 * 1024;
/** A dataset taken back from the prehash worker is md5-hashed in-thread below this size. */
const OWN_THREAD_MAX_BYTES = 64 * 1024 * 1024;

/** Validates options and resolves the precision lookup. */
export function resolveHashOptions(options: HashNwbFileOptions): { precision: Record<string, number>; legacy: boolean; batchSize: number } {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw hashErrors.invalidOption(`batchSize must be a positive integer, got ${batchSize}`);
  const p = options.precision ?? DEFAULT_PRECISION;
  const precision: Record<string, number> = typeof p === 'number' ? { ProcessedElectricalSeries: p } : { ...p };
  for (const [k, v] of Object.entries(precision)) {
    if (!Number.isSafeInteger(v) || v < 0) throw hashErrors.invalidOption(`precision for '${k}' must be a non-negative integer, got ${v}`);
  }
  return { precision, legacy: options.legacy ?? false, batchSize };
}

interface VisitedObject {
  /** Path without the leading `/`. */
  rel: string;
  kind: H5ObjectKind;
}

function h5Path(rel: string): string {
  return `/${rel}`;
}

function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/**
 * h5py `visititems` (H5Ovisit by name): every object reachable through hard links once,
 * depth-first with children in name order; the first path met wins; root excluded.
 */
function collectObjects(reader: H5Reader): VisitedObject[] {
  const seen = new Set<string>([reader.objectToken('/')]);
  const out: VisitedObject[] = [];
  const visit = (groupPath: string): void => {
    const names = [...reader.childNames(groupPath)].sort(compareCodePoints);
    for (const name of names) {
      const childPath = joinPath(groupPath, name);
      if (reader.linkKind(childPath) !== 'hard') continue;
      const kind = reader.objectKind(childPath);
      const token = reader.objectToken(childPath);
      if (seen.has(token)) continue;
      seen.add(token);
      out.push({ rel: childPath.slice(1), kind });
      if (kind === 'group') visit(childPath);
    }
  };
  visit('/');
  return out;
}

function safeKind(reader: H5Reader, path: string): H5ObjectKind {
  try {
    return reader.objectKind(path);
  } catch {
    return 'unresolved';
  }
}

/** h5py `repr(group[name])` as Spyglass hashes it for every child link. */
function childRepr(reader: H5Reader, groupPath: string, name: string): string {
  const linkPath = joinPath(groupPath, name);
  const kind = safeKind(reader, linkPath);
  if (kind === 'unresolved') return 'None';
  // Objects reached through a resolvable external link are named by their path in the
  // other file (h5py reports H5Iget_name of the opened object).
  let shownPath = linkPath;
  let shownName = name;
  if (reader.linkKind(linkPath) === 'external') {
    const target = reader.externalTarget(linkPath);
    if (target !== undefined) {
      shownPath = target;
      shownName = target.slice(target.lastIndexOf('/') + 1);
    }
  }
  switch (kind) {
    case 'dataset': {
      const meta = reader.datasetMeta(linkPath);
      const shape = meta.shape === null ? 'None' : pythonShape(meta.shape);
      const dtype = numpyDtype(meta);
      // h5py builds the dtype for the repr: numpy refuses e.g. 16-byte integers there.
      if (dtype.kind === 'unsupported' && dtype.reason?.includes('not understood')) {
        throw hashErrors.unsupportedObject(reader.filePath, groupPath.slice(1), `child '${name}': ${dtype.reason}`, 'TypeError');
      }
      const typeStr = h5pyTypeStr(meta, dtype);
      if (typeStr === undefined) throw hashErrors.typeTextUnknown(reader.filePath, groupPath.slice(1), `child '${name}': ${dtype.reason}`);
      return `<HDF5 dataset "${shownName}": shape ${shape}, type "${typeStr}">`;
    }
    case 'group':
      return `<HDF5 group "${shownPath}" (${reader.childNames(linkPath).length} members)>`;
    default:
      return `<HDF5 named type "${shownName}">`;
  }
}

/** An object digest, or a thunk producing it once a prehashed dataset digest is in. */
type ObjectDigest = string | (() => string);

/** Object address (as in an object reference) of the object at `path`. */
function objectAddress(reader: H5Reader, path: string): number {
  return Number(Buffer.from(reader.objectToken(path), 'hex').readBigUInt64LE());
}

/**
 * Hashes one object (group/dataset) like Spyglass: md5(path) + attributes + dataset
 * digest or children reprs. Large datasets the prehash worker covers come back as a
 * thunk, so other objects are hashed while the worker finishes them.
 */
function objectDigest(
  reader: H5Reader,
  obj: VisitedObject,
  opts: ReturnType<typeof resolveHashOptions>,
  offload: (() => Md5Offload | undefined) | undefined,
  prehash: Prehash | undefined,
  onDatasetDigest: HashRuntimeOptions['onDatasetDigest'],
): ObjectDigest {
  const path = h5Path(obj.rel);
  if (obj.kind !== 'group' && obj.kind !== 'dataset') {
    throw hashErrors.unsupportedObject(reader.filePath, obj.rel, 'committed (named) datatype: Unknown object type', 'TypeError');
  }
  const h = createHash('md5');
  h.update(obj.rel);
  const attrNames = reader
    .attributeNames(path)
    .filter((n) => !IGNORED_NAMES.has(n))
    .sort(compareCodePoints);
  for (const name of attrNames) {
    const parts = attributeParts(reader, path, name, opts.legacy, obj.rel);
    h.update(parts.shapeDtype);
    h.update(name);
    h.update(parts.value);
  }
  if (obj.kind === 'dataset') {
    const slash = obj.rel.lastIndexOf('/');
    const base = obj.rel.slice(slash + 1);
    if (!opts.legacy && !IGNORED_NAMES.has(base)) {
      const meta = reader.datasetMeta(path);
      const precision = parentPrecision(obj.rel, opts.precision) || undefined;
      const viaH5wasm = (md5Worker: typeof offload): string => {
        // datasetDigest asks for the md5 thread only for datasets it would hand over.
        let handedOver = false;
        const digest = datasetDigest(reader, path, meta, {
          batchSize: opts.batchSize,
          precision,
          numericReadBytes: NUMERIC_READ_BYTES,
          relPath: obj.rel,
          offload:
            md5Worker &&
            (() => {
              const worker = md5Worker();
              handedOver = worker !== undefined;
              return worker;
            }),
        });
        onDatasetDigest?.(obj.rel, handedOver ? 'md5-worker' : 'this-thread');
        return digest;
      };
      const address = prehash === undefined ? undefined : objectAddress(reader, path);
      if (prehash !== undefined && address !== undefined && prehash.covers(address)) {
        // Taken from the worker before it started: hash it here. The worker keeps a core
        // busy, so a modest dataset is hashed in this thread; a big one still gets the md5
        // thread (reading and md5 then overlap, as without the worker).
        if (prehash.claim(address)) {
          const bytes = meta.total_size * meta.size;
          h.update(viaH5wasm(bytes >= OWN_THREAD_MAX_BYTES ? offload : undefined));
          return h.digest('hex');
        }
        const dtype = numpyDtype(meta);
        const expected = {
          prefix: meta.shape === null ? '' : pythonShape(meta.shape) + dtype.name,
          precision: datasetDecimals(obj.rel, dtype.kind === 'float', opts.precision),
          chunks: meta.chunks ?? null,
        };
        return () => {
          const ahead = prehash.take(address, expected);
          if (ahead !== undefined) onDatasetDigest?.(obj.rel, 'prehash');
          h.update(ahead ?? viaH5wasm(offload));
          return h.digest('hex');
        };
      }
      h.update(viaH5wasm(offload));
    }
  } else {
    for (const name of reader.childNames(path)) {
      h.update(name);
      h.update(childRepr(reader, path, name));
    }
  }
  return h.digest('hex');
}

/**
 * Synchronous core of {@link hashNwbFile} on an already loaded h5wasm (used by workers).
 */
export function hashNwbFileSync(
  h5: H5Wasm,
  filePath: string,
  options: HashNwbFileOptions = {},
  runtime: HashRuntimeOptions = {},
): NwbHashResult {
  return hashWithResolvedOptions(h5, filePath, resolveHashOptions(options), options.objects === true, runtime);
}

/** {@link hashNwbFileSync} with the options resolved once by the caller. */
function hashWithResolvedOptions(
  h5: H5Wasm,
  filePath: string,
  opts: ReturnType<typeof resolveHashOptions>,
  withObjects: boolean,
  runtime: HashRuntimeOptions,
): NwbHashResult {
  // The md5 worker starts on the first large numeric dataset and serves the whole file.
  let offload: Md5Offload | undefined = runtime.offload;
  let offloadTried = false;
  const getOffload =
    (runtime.pipelined ?? true)
      ? () => {
          if (!offloadTried) {
            offloadTried = true;
            offload = offload === undefined ? Md5Offload.start() : offload.ready() ? offload : undefined;
          }
          return offload;
        }
      : undefined;
  checkInputFile(filePath);
  let reader: H5Reader;
  try {
    reader = H5Reader.open(h5, filePath);
  } catch (error) {
    throw hashErrors.hdf5Corrupt(filePath, '/', error);
  }
  let where = '/';
  try {
    const namespaces = fileNamespaces(reader);
    const H = createHash('md5');
    H.update(dumpPythonJson(namespaces, { sortKeys: true }));
    const objects: Record<string, string> = {};
    const visited = collectObjects(reader)
      .filter((o) => !o.rel.includes('specifications'))
      .sort((a, b) => compareCodePoints(a.rel, b.rel));
    // Digests fold in path order; a pending (prehashed) one holds back the fold, not the
    // hashing of the objects after it.
    const digests: ObjectDigest[] = [];
    let folded = 0;
    const fold = (wait: boolean): void => {
      while (folded < digests.length) {
        let digest = digests[folded];
        const rel = visited[folded].rel;
        if (typeof digest !== 'string') {
          if (!wait) return;
          where = rel;
          digest = digest();
        }
        objects[rel] = digest;
        H.update(digest);
        folded += 1;
        runtime.onObject?.(folded, visited.length, rel);
      }
    };
    for (const obj of visited) {
      where = obj.rel;
      digests.push(objectDigest(reader, obj, opts, getOffload, runtime.prehash, runtime.onDatasetDigest));
      fold(false);
    }
    fold(true);
    const result: NwbHashResult = {
      algorithm: opts.legacy ? 'spyglass-nwb-legacy' : 'spyglass-nwb',
      hash: H.digest('hex'),
      namespaces,
    };
    if (withObjects) result.objects = objects;
    return result;
  } catch (error) {
    if (isRecomputeError(error)) throw error;
    throw hashErrors.hdf5Corrupt(filePath, where, error);
  } finally {
    offload?.close();
    runtime.prehash?.close();
    try {
      reader.close();
    } catch {
      // A damaged file may fail to close; the read error above is the one that matters.
    }
  }
}

/**
 * Spyglass `NwbfileHasher` digest of an NWB/HDF5 file, byte-identical to the reference
 * (h5py 3.7 / numpy 1.24 semantics).
 *
 * @throws RecomputeError FILE_NOT_FOUND | NOT_A_FILE | NOT_HDF5 | HDF5_CORRUPT |
 *   HASH_UNSUPPORTED_OBJECT (the reference raises for this file/mode) | HASH_INVALID_OPTION
 */
export async function hashNwbFile(
  filePath: string,
  options: HashNwbFileOptions = {},
  runtime: HashRuntimeOptions = {},
): Promise<NwbHashResult> {
  const opts = resolveHashOptions(options);
  const size = checkInputFile(filePath);
  const pipelined = runtime.pipelined ?? true;
  const prehashMinBytes = runtime.prehashMinBytes ?? STREAM_MIN_BYTES;
  // md5 of the big datasets starts now, from the file's bytes, while h5wasm loads.
  const wantPrehash = pipelined && !opts.legacy && Number.isFinite(prehashMinBytes) && size >= prehashMinBytes;
  const prehash =
    runtime.prehash ?? (wantPrehash ? Prehash.spawn(filePath, { minBytes: prehashMinBytes, precision: opts.precision }) : undefined);
  // Without a prehash worker, big files will want the md5 worker: let it boot while h5wasm loads.
  const offload =
    pipelined && prehash === undefined && runtime.offload === undefined && size >= STREAM_MIN_BYTES ? Md5Offload.spawn() : runtime.offload;
  let h5: H5Wasm;
  try {
    h5 = await loadH5wasm();
  } catch (error) {
    offload?.close();
    prehash?.close();
    throw error;
  }
  try {
    return hashWithResolvedOptions(h5, filePath, opts, options.objects === true, { ...runtime, offload, prehash });
  } catch (error) {
    offload?.close(); // idempotent; covers failures before the hasher took ownership
    prehash?.close();
    throw error;
  }
}
