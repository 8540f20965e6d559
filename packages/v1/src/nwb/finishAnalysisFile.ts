import fs from 'node:fs';
import { analysisNwbErrors } from './analysisNwbErrors';
import type { H5File, H5Wasm } from '@spyglass-recompute/nwb';
import { enumFromPlaceholder, type EnumPlaceholder } from './enumPlaceholder';
import { fillTimeAlloc, nulltermVlenStrings } from './h5pyTypeConventions';
import { rewriteObjectHeader, type HeaderMessageVisitor } from './rewriteObjectHeader';

/** Object header address of every hard-linked object, keyed by its first path. */
export function collectObjectAddresses(h5: H5Wasm, file: H5File): Map<string, number> {
  const out = new Map<string, number>();
  const seen = new Set<number>();
  const add = (path: string, obj: InstanceType<H5Wasm['Group']> | InstanceType<H5Wasm['Dataset']>): boolean => {
    const address = Number(Buffer.from(obj.create_reference().ref_data).readBigUInt64LE(0));
    if (seen.has(address)) return false;
    seen.add(address);
    out.set(path, address);
    return true;
  };
  const walk = (group: InstanceType<H5Wasm['Group']>): void => {
    for (const name of group.keys()) {
      const path = group.path === '/' ? `/${name}` : `${group.path}/${name}`;
      if (group.get_link(path)) continue; // soft link: its target is visited under its own path
      const child = group.get(name);
      if (child instanceof h5.Group) {
        if (add(path, child)) walk(child);
      } else if (child instanceof h5.Dataset) add(path, child);
    }
  };
  add('/', file);
  walk(file);
  return out;
}

/** What {@link finishAnalysisFile} changes besides string padding. */
export interface FinishAnalysisFileOptions {
  enumPlaceholders: readonly EnumPlaceholder[];
  /** Datasets written the way hdmf's data-chunk iterator writes them (fill time ALLOC). */
  iteratorDatasets: readonly string[];
}

/**
 * Brings a closed h5wasm-written file to h5py's type conventions, editing object headers in
 * place: enum types for bool placeholders, NUL-terminated variable-length strings, and
 * fill time ALLOC for iterator-written datasets. `addresses` comes from
 * {@link collectObjectAddresses} (taken before the file was closed).
 */
export function finishAnalysisFile(filePath: string, addresses: ReadonlyMap<string, number>, options: FinishAnalysisFileOptions): void {
  const enumByPath = new Map(options.enumPlaceholders.map((p) => [p.path, p]));
  const iterator = new Set(options.iteratorDatasets);
  const fd = fs.openSync(filePath, 'r+');
  try {
    for (const [path, address] of addresses) {
      const placeholder = enumByPath.get(path);
      const swapEnum = placeholder ? enumFromPlaceholder(placeholder) : undefined;
      const fillAlloc = iterator.has(path);
      let enumPatched = swapEnum === undefined;
      const visit: HeaderMessageVisitor = (type, body) => {
        let changed = nulltermVlenStrings(type, body);
        if (swapEnum?.(type, body)) {
          enumPatched = true;
          changed = true;
        }
        if (fillAlloc && fillTimeAlloc(type, body)) changed = true;
        return changed;
      };
      rewriteObjectHeader(fd, address, visit);
      if (!enumPatched) {
        throw analysisNwbErrors.headerPatchFailed(`placeholder type of ${path} not found in its object header`);
      }
    }
    const missing = options.enumPlaceholders.filter((p) => !addresses.has(p.path));
    if (missing.length > 0) {
      throw analysisNwbErrors.headerPatchFailed(`no object header address for ${missing.map((p) => p.path).join(', ')}`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
