import crypto from 'node:crypto';
import type { H5Wasm } from '@spyglass-recompute/nwb';

type Group = InstanceType<H5Wasm['Group']>;
type Dataset = InstanceType<H5Wasm['Dataset']>;
type File = InstanceType<H5Wasm['File']>;

/** One HDF5 object, flattened into comparable strings. */
export type H5Description = Map<string, string>;

function typeText(meta: Record<string, unknown>): string {
  const keys = ['type', 'size', 'signed', 'littleEndian', 'vlen', 'cset', 'strpad', 'ref_type', 'enum_type', 'compound_type'];
  return JSON.stringify(keys.filter((k) => meta[k] !== undefined).map((k) => [k, meta[k]]));
}

function valueText(h5: H5Wasm, file: File, value: unknown): string {
  const refName = (r: { ref_data: Uint8Array }): string => h5.Module.get_referenced_name(file.file_id, r.ref_data, true);
  if (value instanceof h5.Reference) return `ref:${refName(value)}`;
  if (Array.isArray(value))
    return JSON.stringify(value.map((v) => (v instanceof h5.Reference ? `ref:${refName(v)}` : typeof v === 'bigint' ? `${v}n` : v)));
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return bytes.length > 256 ? `md5:${crypto.createHash('md5').update(bytes).digest('hex')}` : `hex:${Buffer.from(bytes).toString('hex')}`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  return JSON.stringify(value);
}

/**
 * Test helper: every group, dataset, soft link and attribute of a file as `path → text`
 * (HDF5 type metadata, shape, maxshape, chunks, filters, value; large values as md5).
 */
export function describeH5File(h5: H5Wasm, file: File): H5Description {
  const out: H5Description = new Map();
  const attrs = (obj: Group | Dataset): void => {
    for (const [name, attr] of Object.entries(obj.attrs)) {
      out.set(
        `${obj.path} @${name}`,
        `${typeText(attr.metadata as never)} shape=${JSON.stringify(attr.shape)} value=${valueText(h5, file, attr.value)}`,
      );
    }
  };
  const walk = (group: Group): void => {
    attrs(group);
    for (const name of group.keys()) {
      const path = group.path === '/' ? `/${name}` : `${group.path}/${name}`;
      const link = group.get_link(path);
      if (link) {
        out.set(path, `softlink:${link}`);
        continue;
      }
      const child = group.get(name);
      if (child instanceof h5.Group) {
        out.set(path, 'group');
        walk(child);
      } else if (child instanceof h5.Dataset) {
        const m = child.metadata;
        out.set(
          path,
          `dataset ${typeText(m as never)} shape=${JSON.stringify(m.shape)} maxshape=${JSON.stringify(m.maxshape)} chunks=${JSON.stringify(m.chunks)} filters=${JSON.stringify(child.filters)}`,
        );
        out.set(`${path} =`, valueText(h5, file, child.value));
        attrs(child);
      } else {
        out.set(path, `other:${JSON.stringify(child)}`);
      }
    }
  };
  walk(file);
  return out;
}

/** Lists `key: golden → actual` for every entry that differs between two descriptions. */
export function diffDescriptions(golden: H5Description, actual: H5Description): string[] {
  const keys = [...new Set([...golden.keys(), ...actual.keys()])].sort();
  return keys
    .filter((k) => golden.get(k) !== actual.get(k))
    .map((k) => `${k}: ${golden.get(k) ?? '(missing)'} → ${actual.get(k) ?? '(missing)'}`);
}
