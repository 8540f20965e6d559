import { analysisNwbErrors } from './analysisNwbErrors';
import type { H5File, H5Wasm } from '@spyglass-recompute/nwb';
import { analysisKeepRule, type AnalysisKeepOptions } from './analysisKeepRule';
import { H5T, h5DtypeOf, type H5Metadata } from './h5Dtype';
import type { EnumPlaceholder } from './enumPlaceholder';
import { createEnumPlaceholder } from './enumPlaceholder';

type Group = InstanceType<H5Wasm['Group']>;
type Dataset = InstanceType<H5Wasm['Dataset']>;
type Reference = InstanceType<H5Wasm['Reference']>;

/** Options of {@link copyKeptObjects}. */
export interface CopyKeptObjectsOptions {
  /** Attribute names of the root group that the caller writes itself (e.g. `object_id`). */
  skipRootAttributes?: readonly string[];
  /** Absolute dataset paths whose content the caller overrides: path → new value. */
  overrideDatasetValues?: ReadonlyMap<string, string>;
  /** Root string attributes whose value the caller overrides (same type, same place). */
  overrideRootAttributes?: ReadonlyMap<string, string>;
  /** The writer profile's part of the keep rule. */
  keep?: AnalysisKeepOptions;
}

/** What is left to do after the tree walk. */
export interface CopyKeptObjectsResult {
  /** Enum (bool) datasets written with a placeholder type; patched after the file is closed. */
  enumPlaceholders: EnumPlaceholder[];
}

/** A reference-typed attribute or dataset, written once every target exists in the output. */
interface PendingReference {
  objectPath: string;
  name: string;
  kind: 'attribute' | 'dataset';
  targets: string[];
  shape: number[];
}

const MAX_DIM = Number.MAX_SAFE_INTEGER;

function fail(message: string, details?: Record<string, unknown>): never {
  throw analysisNwbErrors.copyUnsupported(message, details);
}

function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/**
 * Copies the objects of a raw NWB file that Spyglass keeps in an analysis file (see
 * {@link analysisKeepRule}) into `dst`, object by object: same names, attributes, HDF5 types,
 * shapes, values, soft links, chunking/gzip, and object references re-pointed at the copies.
 * h5wasm cannot copy objects (no `H5Ocopy`) nor write enum types, so values are read and
 * re-created; bool (enum) datasets get a placeholder type (see `enumPlaceholder.ts`).
 */
export function copyKeptObjects(h5: H5Wasm, src: H5File, dst: H5File, options: CopyKeptObjectsOptions = {}): CopyKeptObjectsResult {
  const skipRoot = new Set(options.skipRootAttributes ?? []);
  const overrides = options.overrideDatasetValues ?? new Map<string, string>();
  const rootOverrides = options.overrideRootAttributes ?? new Map<string, string>();
  const keep = options.keep ?? {};
  const pending: PendingReference[] = [];
  const pendingAttrsOfRefDatasets: string[] = [];
  const enumPlaceholders: EnumPlaceholder[] = [];

  const refPath = (ref: Reference): string => h5.Module.get_referenced_name(src.file_id, ref.ref_data, true);

  const copyAttributes = (srcObj: Group | Dataset, dstObj: Group | Dataset, skip: ReadonlySet<string>): void => {
    for (const [name, attr] of Object.entries(srcObj.attrs)) {
      if (skip.has(name)) continue;
      const meta = attr.metadata as H5Metadata;
      const where = `${srcObj.path} @${name}`;
      if (meta.shape === null) fail(`attribute ${where} has a null dataspace, which cannot be copied`);
      if (meta.type === H5T.REFERENCE) {
        if (meta.ref_type !== 'object') fail(`attribute ${where} holds region references, which cannot be copied`);
        const value = attr.value as Reference | Reference[];
        const refs = Array.isArray(value) ? value : [value];
        pending.push({ objectPath: dstObj.path, name, kind: 'attribute', targets: refs.map(refPath), shape: meta.shape });
        continue;
      }
      const dtype = h5DtypeOf(meta);
      if (dtype === undefined) fail(`attribute ${where} has an HDF5 type h5wasm cannot write (class ${meta.type}, size ${meta.size})`);
      const override = srcObj.path === '/' ? rootOverrides.get(name) : undefined;
      dstObj.create_attribute(name, (override ?? attr.value) as never, meta.shape, dtype);
    }
  };

  const copyDataset = (srcDs: Dataset, dstParent: Group, name: string): void => {
    const meta = srcDs.metadata as H5Metadata;
    const where = srcDs.path;
    if (meta.shape === null) fail(`dataset ${where} has a null dataspace, which cannot be copied`);
    if (meta.type === H5T.REFERENCE) {
      if (meta.ref_type !== 'object') fail(`dataset ${where} holds region references, which cannot be copied`);
      const value = srcDs.value as Reference | Reference[];
      const refs = Array.isArray(value) ? value : [value];
      pending.push({ objectPath: dstParent.path, name, kind: 'dataset', targets: refs.map(refPath), shape: meta.shape });
      pendingAttrsOfRefDatasets.push(where);
      return;
    }
    const layout: { chunks?: number[]; maxshape?: (number | null)[]; compression?: 'gzip'; compression_opts?: number } = {};
    if (meta.chunks) {
      layout.chunks = meta.chunks;
      layout.maxshape = (meta.maxshape ?? meta.shape).map((d) => (d < 0 || d >= MAX_DIM ? null : d));
      const deflate = srcDs.filters.find((f) => f.id === 1);
      if (deflate) {
        layout.compression = 'gzip';
        layout.compression_opts = deflate.cd_values[0] ?? 4;
      }
    }
    let dstDs: Dataset;
    if (meta.type === H5T.ENUM) {
      dstDs = createEnumPlaceholder(h5, dst, dstParent, name, srcDs, enumPlaceholders);
    } else {
      const dtype = h5DtypeOf(meta);
      if (dtype === undefined) fail(`dataset ${where} has an HDF5 type h5wasm cannot write (class ${meta.type}, size ${meta.size})`);
      const override = overrides.get(where);
      const data = override !== undefined ? override : srcDs.value;
      dstDs = dstParent.create_dataset({ name, data: data as never, shape: meta.shape, dtype, ...layout });
    }
    copyAttributes(srcDs, dstDs, new Set());
  };

  const copyGroupContents = (srcGroup: Group, dstGroup: Group): void => {
    for (const name of srcGroup.keys()) {
      const path = joinPath(srcGroup.path, name);
      const softTarget = srcGroup.get_link(path);
      if (softTarget) {
        dstGroup.create_soft_link(softTarget, name);
        continue;
      }
      const child = srcGroup.get(name);
      if (child instanceof h5.Group) {
        const action = analysisKeepRule(path, true, keep);
        if (action === 'drop') continue;
        const dstChild = dstGroup.create_group(name);
        copyAttributes(child, dstChild, new Set());
        if (action === 'copy') copyGroupContents(child, dstChild);
      } else if (child instanceof h5.Dataset) {
        if (analysisKeepRule(path, false, keep) === 'drop') continue;
        copyDataset(child, dstGroup, name);
      } else {
        fail(`object ${path} is neither a group, a dataset nor a soft link (external links and named types cannot be copied)`);
      }
    }
  };

  copyAttributes(src, dst, skipRoot);
  copyGroupContents(src, dst);

  // References are written last so every target already exists.
  const writePending = (from: number): number => {
    for (const p of pending.slice(from)) {
      const refs = p.targets.map((t) => {
        const target = dst.get(t);
        if (!(target instanceof h5.Group || target instanceof h5.Dataset)) {
          fail(`reference ${p.objectPath}/${p.name} points at ${t}, which is not part of the analysis file`);
        }
        return target.create_reference();
      });
      const owner = dst.get(p.objectPath) as Group | Dataset;
      const data = p.shape.length === 0 ? refs[0] : refs;
      if (p.kind === 'attribute') owner.create_attribute(p.name, data, p.shape, 'Reference');
      else (owner as Group).create_dataset({ name: p.name, data, shape: p.shape, dtype: 'Reference' });
    }
    return pending.length;
  };
  const written = writePending(0);
  // Reference-typed datasets exist only now; their attributes may queue more references.
  for (const path of pendingAttrsOfRefDatasets) copyAttributes(src.get(path) as Dataset, dst.get(path) as Dataset, new Set());
  writePending(written);
  return { enumPlaceholders };
}
