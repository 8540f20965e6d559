import type { H5Reader } from '../h5/H5Reader';
import { compareCodePoints } from '../python-format/dumpPythonJson';
import { parsePythonJson } from '../python-format/parsePythonJson';
import type { PyJsonObject } from '../python-format/PyFloat';
import { decodeUtf8Replace } from './scalarText';

/**
 * hdmf `get_file_namespaces` as Spyglass calls it: `{}` without a root `.specloc`
 * attribute; otherwise, per cached namespace, the `version` inside the `namespace` JSON
 * of the version group that sorts last by name (`unversioned`/`None` only as a fallback).
 * A namespace whose JSON has no `version` (written by old hdmf) maps to null, as
 * `namespace.get("version", None)` does: the group name is never reported.
 */
export function fileNamespaces(reader: H5Reader): Record<string, string | null> {
  if (!reader.attributeNames('/').includes('.specloc')) return {};
  const meta = reader.attributeMeta('/', '.specloc');
  const raw = reader.readAttribute('/', '.specloc', meta);
  const specPath = raw.bytes ? reader.referencedPath(raw.bytes.subarray(0, 8)) : null;
  if (!specPath) return {};
  const result: Record<string, string | null> = {};
  const namespaces = [...reader.childNames(specPath)].sort(compareCodePoints);
  for (const ns of namespaces) {
    const nsPath = `${specPath}/${ns}`;
    if (reader.objectKind(nsPath) !== 'group') continue;
    const all = [...reader.childNames(nsPath)].sort(compareCodePoints);
    const versioned = all.filter((v) => v !== 'unversioned' && v !== 'None');
    const chosen = (versioned.length > 0 ? versioned : all).at(-1);
    if (chosen === undefined) continue;
    const dsPath = `${nsPath}/${chosen}/namespace`;
    if (reader.objectKind(dsPath) !== 'dataset') continue;
    const dsMeta = reader.datasetMeta(dsPath);
    const text = reader.readRows(dsPath, dsMeta, 0, 1, (r) => (r.strings ? decodeUtf8Replace(r.strings[0]) : decodeUtf8Replace(r.bytes)));
    const parsed = parsePythonJson(text, { source: `${reader.filePath}:${dsPath}` }) as PyJsonObject;
    const entries = (parsed.namespaces ?? []) as PyJsonObject[];
    const entry = entries.find((e) => e.name === ns) ?? entries[0];
    const version = entry?.version;
    result[ns] = version === undefined || version === null ? null : typeof version === 'string' ? version : String(version);
  }
  return result;
}
