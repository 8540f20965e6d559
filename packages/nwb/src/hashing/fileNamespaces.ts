import { RecomputeError } from '@spyglass-recompute/errors';
import type { H5Reader } from '../h5/H5Reader';
import { compareCodePoints } from '../python-format/dumpPythonJson';
import { parsePythonJson } from '../python-format/parsePythonJson';
import { PyFloat, type PyJsonObject, type PyJsonValue } from '../python-format/PyFloat';
import { HashErrorCode, hashErrors } from './hashErrors';
import { numpyDtype, pythonShape } from './numpyDtype';
import { decodeUtf8SurrogateEscape, fixedStringItem, hasLoneSurrogate } from './scalarText';

/** Throws the typed error for an object where hdmf raises `pythonError`. */
type Fail = (objectPath: string, why: string, pythonError: string) => never;

/**
 * The namespace map Spyglass hashes first: its `get_file_namespaces` loads the file's cached
 * specs into a fresh catalog with hdmf 3.5.1's `HDF5IO.load_namespaces` and maps every
 * catalog namespace to `get_namespace(name).get("version", None)`. This replays that load:
 *
 * - `HDF5IO.__check_specloc`: no root `.specloc` attribute → `{}`; else the spec group is
 *   `file[file.attrs['.specloc']]`: an object reference, or a path given as text.
 * - `HDF5IO.__get_namespaces`: per child of the spec group, in h5py 3.7's iteration order (by
 *   name, but creation order when the group tracks it: `GroupIter`), the version group listed
 *   last after dropping `unversioned`, then `None`, each only while more than one name is left.
 * - `HDF5IO.__load_namespaces`: reads every chosen `namespace` dataset (`H5SpecReader`), takes
 *   each group's dependencies from the `namespace` keys of the schema of the last entry of its
 *   JSON, and loads every group after the groups it depends on (`_order_deps`).
 * - `NamespaceCatalog.load_namespaces` keys every entry of a JSON by the `name` inside it, so a
 *   JSON listing several namespaces adds each, one listing none adds nothing, and an entry whose
 *   name is already loaded is skipped: the first version loaded wins.
 * - `SpecNamespace.build_namespace`/`__init__` check the entry's keys and types, and store
 *   `version` as given (`"None"` and a missing one → None); the group's name is never reported.
 *
 * Wherever hdmf raises, this throws instead of returning a digest the reference does not
 * give. Not replayed: the contents of the schema files an entry lists (`source`) beyond being
 * JSON objects, and the data types it selects (`neurodata_types`/`data_types`), which hdmf
 * resolves against the specs it builds.
 *
 * @throws RecomputeError HASH_UNSUPPORTED_OBJECT naming the object and the Python exception
 *   hdmf raises there; HASH_UNSUPPORTED_FILE for a namespace cache hdmf reads but whose map
 *   this result cannot hold (a list-valued version).
 */
export function fileNamespaces(reader: H5Reader): Record<string, string | null> {
  if (!reader.attributeNames('/').includes('.specloc')) return {};
  const fail: Fail = (objectPath, why, pythonError) => {
    throw hashErrors.unsupportedObject(reader.filePath, objectPath.replace(/^\/+/, '') || '/', why, pythonError);
  };
  const specPath = specLocation(reader, fail);

  // HDF5IO.__get_namespaces
  if (reader.objectKind(specPath) !== 'group')
    fail(specPath, "the spec group '.specloc' points to is not a group (.keys())", 'AttributeError');
  const chosen = new Map<string, string>();
  for (const ns of reader.childNames(specPath)) {
    const nsPath = `${specPath}/${ns}`;
    const kind = reader.objectKind(nsPath);
    if (kind === 'unresolved') fail(nsPath, 'cached namespace link resolves to no object', 'KeyError');
    if (kind !== 'group') fail(nsPath, `cached namespace is a ${kind}, not a group of versions (.keys())`, 'AttributeError');
    const versions = reader.childNames(nsPath);
    for (const fallback of ['unversioned', 'None']) {
      if (versions.length > 1 && versions.includes(fallback)) versions.splice(versions.indexOf(fallback), 1);
    }
    const latest = versions.at(-1);
    if (latest === undefined) fail(nsPath, 'cached namespace has no version group (version_names[-1])', 'IndexError');
    chosen.set(ns, `${nsPath}/${latest}`);
  }

  // HDF5IO.__load_namespaces: read every namespace JSON, then order by dependencies.
  const entriesOf = new Map<string, PyJsonObject[]>();
  const schemaOf = new Map<PyJsonObject, PyJsonObject[]>();
  const deps = new Map<string, PyJsonValue[]>();
  for (const [ns, versionPath] of chosen) {
    const kind = reader.objectKind(versionPath);
    if (kind === 'unresolved') fail(versionPath, 'version link resolves to no object', 'KeyError');
    if (kind !== 'group') fail(versionPath, `version is a ${kind}, not a group (H5SpecReader)`, 'TypeError');
    const nsJsonPath = `${versionPath}/namespace`;
    const top = readSpecJson(reader, nsJsonPath, fail);
    if (!isDict(top)) fail(nsJsonPath, `namespace JSON is ${pyType(top)}, not an object`, 'TypeError');
    if (!Object.hasOwn(top, 'namespaces')) fail(nsJsonPath, "namespace JSON has no 'namespaces' key", 'KeyError');
    const entries = iterated(top.namespaces, () => fail(nsJsonPath, `'namespaces' is ${pyType(top.namespaces)}, not a list`, 'TypeError'));
    for (const entry of entries) {
      if (!isDict(entry)) fail(nsJsonPath, `a 'namespaces' entry is ${pyType(entry)}, not an object`, 'TypeError');
      if (!Object.hasOwn(entry, 'schema')) fail(nsJsonPath, "a 'namespaces' entry has no 'schema' key", 'KeyError');
      const schema = iterated(entry.schema, () => fail(nsJsonPath, `'schema' is ${pyType(entry.schema)}, not a list`, 'TypeError'));
      for (const item of schema) {
        if (!isDict(item)) fail(nsJsonPath, `a 'schema' item is ${pyType(item)}, not an object (.get())`, 'AttributeError');
      }
      schemaOf.set(entry, schema as PyJsonObject[]);
      // Reset per entry: only the last entry's dependencies count.
      deps.set(
        ns,
        (schema as PyJsonObject[]).map((item) => item.namespace ?? null),
      );
    }
    entriesOf.set(ns, entries as PyJsonObject[]);
  }

  // NamespaceCatalog.load_namespaces, group by group.
  const versions = new Map<string, PyJsonValue>();
  const loadedFrom = new Map<string, string>();
  const loadedSources = new Set<string>();
  const order = orderDeps(deps, (ns) =>
    fail(`${chosen.get(ns) as string}/namespace`, 'a schema item names an unhashable namespace', 'TypeError'),
  );
  for (const ns of order) {
    const versionPath = chosen.get(ns) as string;
    const nsJsonPath = `${versionPath}/namespace`;
    const toLoad: PyJsonObject[] = [];
    for (const entry of entriesOf.get(ns) as PyJsonObject[]) {
      if (!Object.hasOwn(entry, 'name')) fail(nsJsonPath, "a 'namespaces' entry has no 'name' key", 'KeyError');
      const name = entry.name;
      if (isDict(name) || Array.isArray(name)) fail(nsJsonPath, `a namespace name is ${pyType(name)}, unhashable`, 'TypeError');
      if (versions.has(name as string)) {
        if (!Object.hasOwn(entry, 'version'))
          fail(nsJsonPath, `'${name}' is loaded already, and this entry of it has no 'version' key`, 'KeyError');
      } else {
        toLoad.push(entry);
      }
    }
    for (const entry of toLoad) {
      const name = entry.name;
      if (versions.has(name as string)) fail(nsJsonPath, `namespace '${name as string}' is listed twice`, 'KeyError');
      for (const item of schemaOf.get(entry) as PyJsonObject[]) {
        if (Object.hasOwn(item, 'source')) {
          const source = item.source;
          if (typeof source !== 'string') fail(nsJsonPath, `a 'source' is ${pyType(source)}, not a string`, 'TypeError');
          if (loadedSources.has(source)) fail(nsJsonPath, `spec source '${source}' is loaded already`, 'ValueError');
          const sourcePath = source.startsWith('/') ? source : `${versionPath}/${source}`;
          const spec = readSpecJson(reader, sourcePath, fail);
          if (!isDict(spec)) fail(sourcePath, `spec JSON is ${pyType(spec)}, not an object (.get())`, 'AttributeError');
          loadedSources.add(source);
        } else if (Object.hasOwn(item, 'namespace')) {
          const dep = item.namespace;
          if (typeof dep !== 'string') fail(nsJsonPath, `an included 'namespace' is ${pyType(dep)}, not a string`, 'TypeError');
          if (!versions.has(dep)) fail(nsJsonPath, `included namespace '${dep}' is not loaded (Could not load namespace)`, 'ValueError');
        } else {
          fail(nsJsonPath, "a 'schema' item has neither a 'source' nor a 'namespace' key", 'ValueError');
        }
      }
      const { name: checkedName, version } = checkedNamespace(entry, (why, pythonError) => fail(nsJsonPath, why, pythonError));
      versions.set(checkedName, version);
      loadedFrom.set(checkedName, nsJsonPath);
    }
  }

  const result: Array<[string, string | null]> = [];
  for (const [name, version] of versions) {
    if (Array.isArray(version)) {
      const where = (loadedFrom.get(name) as string).replace(/^\//, '');
      throw hashErrors.namespaceUnreproducible(
        reader.filePath,
        where,
        `namespace '${name}' has a list as its version, which this hasher's string map cannot hold`,
      );
    }
    result.push([name, version as string | null]);
  }
  // Names in code-point order, as the hash's `json.dumps(sort_keys=True)` lists them (not load
  // order); fromEntries: a namespace named `__proto__` stays a key.
  return Object.fromEntries(result.sort(([a], [b]) => compareCodePoints(a, b)));
}

/** The spec group's path: `file[file.attrs['.specloc']]` (a reference, or a path as text). */
function specLocation(reader: H5Reader, fail: Fail): string {
  const meta = reader.attributeMeta('/', '.specloc');
  const dtype = numpyDtype(meta);
  const raw = reader.readAttribute('/', '.specloc', meta);
  const scalar = meta.shape !== null && meta.shape.length === 0;
  if (scalar && dtype.kind === 'ref') {
    if (dtype.refType === 'region')
      fail('/', "root attribute '.specloc' is a region reference: it selects a dataset (.keys())", 'AttributeError');
    const ref = (raw.bytes as Uint8Array).subarray(0, 8);
    return reader.referencedPath(ref) ?? fail('/', "root attribute '.specloc' is a reference to no object with a path", 'ValueError');
  }
  if (scalar && (dtype.kind === 'vlenstr' || dtype.kind === 'bytes')) {
    const bytes = dtype.kind === 'vlenstr' ? (raw.strings as Uint8Array[])[0] : fixedStringItem(raw.bytes as Uint8Array, dtype.strpad);
    const text = decodeUtf8SurrogateEscape(bytes);
    if (hasLoneSurrogate(text)) fail('/', "root attribute '.specloc' is a path that is not UTF-8", 'UnicodeEncodeError');
    if (text === '') fail('/', "root attribute '.specloc' is an empty path", 'ValueError');
    // A relative path resolves from the root, as `file[path]` does.
    if (reader.objectKind(text) === 'unresolved') fail(text, "the path in root attribute '.specloc' names no object", 'KeyError');
    return text;
  }
  return fail('/', `root attribute '.specloc' holds ${scalar ? dtype.name : 'an array'}, neither a reference nor a path`, 'TypeError');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * `H5SpecReader.__read`: the dataset's value (a scalar, or the one item of a shape `(1,)`
 * array), decoded as strict UTF-8 (a BOM kept) and parsed by `json.loads`.
 */
function readSpecJson(reader: H5Reader, path: string, fail: Fail): PyJsonValue {
  const kind = reader.objectKind(path);
  if (kind === 'unresolved') fail(path, 'cached spec dataset does not exist', 'KeyError');
  if (kind !== 'dataset') fail(path, `cached spec is a ${kind}, not a dataset`, 'TypeError');
  const meta = reader.datasetMeta(path);
  const dtype = numpyDtype(meta);
  const shape = meta.shape;
  if (shape === null || shape.length > 1 || (shape.length === 1 && shape[0] !== 1)) {
    fail(path, `cached spec has shape ${shape === null ? 'None' : pythonShape(shape)}, not a single string (json.loads)`, 'TypeError');
  }
  if (dtype.kind !== 'vlenstr' && dtype.kind !== 'bytes')
    fail(path, `cached spec is ${dtype.name}, not a string (json.loads)`, 'TypeError');
  const bytes = reader.readRows(path, meta, 0, 1, (raw) =>
    dtype.kind === 'vlenstr' ? (raw.strings as Uint8Array[])[0].slice() : fixedStringItem(raw.bytes as Uint8Array, dtype.strpad).slice(),
  );
  let text = '';
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    fail(path, 'cached spec is not valid UTF-8', 'UnicodeDecodeError');
  }
  try {
    return parsePythonJson(text, { source: 'JSON' });
  } catch (error) {
    if (!(error instanceof RecomputeError) || error.code !== HashErrorCode.jsonInvalid) throw error;
    return fail(path, `cached spec is not valid ${error.message}`, 'JSONDecodeError');
  }
}

/** `SpecNamespace.__init__`'s docval arguments and the JSON types each accepts. */
const NAMESPACE_ARGS = new Map<string, ReadonlyArray<'str' | 'list'>>([
  ['doc', ['str']],
  ['name', ['str']],
  ['schema', ['list']],
  ['full_name', ['str']],
  ['version', ['str', 'list']],
  ['date', ['str']],
  ['author', ['str', 'list']],
  ['contact', ['str', 'list']],
]);

/**
 * `SpecNamespace.build_namespace` and its docval: `doc`, `name`, `schema` required; every key
 * one of the docval arguments, of its type (null allowed for the optional ones); no whitespace
 * in `name`; version `"None"` or missing stored as None.
 */
function checkedNamespace(entry: PyJsonObject, fail: (why: string, pythonError: string) => never): { name: string; version: PyJsonValue } {
  for (const required of ['doc', 'name', 'schema']) {
    if (!Object.hasOwn(entry, required)) fail(`namespace entry has no '${required}' key`, 'KeyError');
  }
  for (const [key, value] of Object.entries(entry)) {
    const types = NAMESPACE_ARGS.get(key);
    if (types === undefined) fail(`namespace entry has unrecognized key '${key}'`, 'TypeError');
    const optional = !['doc', 'name', 'schema'].includes(key);
    const ok =
      (value === null && optional) ||
      (typeof value === 'string' && types.includes('str')) ||
      (Array.isArray(value) && types.includes('list'));
    if (!ok) fail(`namespace entry has '${key}' of type ${pyType(value)}`, 'TypeError');
  }
  const name = entry.name as string;
  if (/[ \t\n\r\v\f]/.test(name)) fail(`namespace name '${name}' contains whitespace`, 'ValueError');
  const version = entry.version ?? null;
  return { name, version: version === 'None' ? null : version };
}

/**
 * `HDF5IO._order_deps`: groups in spec-group order, each after the groups it depends on;
 * `unhashable` gets the group whose dependency is a list or an object (`key not in deps`).
 */
function orderDeps(deps: Map<string, PyJsonValue[]>, unhashable: (ns: string) => never): string[] {
  const order: string[] = [];
  const pending = new Map(deps);
  const visit = (key: string): void => {
    const sub = pending.get(key);
    if (sub === undefined) return;
    pending.delete(key);
    for (const dep of sub) {
      if (isDict(dep) || Array.isArray(dep)) unhashable(key);
      if (typeof dep === 'string') visit(dep);
    }
    order.push(key);
  };
  for (const key of deps.keys()) visit(key);
  return order;
}

/** Python's `for x in value` over parsed JSON: a list's items; an empty dict or string gives none. */
function iterated(value: PyJsonValue | undefined, notIterable: () => never): PyJsonValue[] {
  if (Array.isArray(value)) return value;
  if (value === '' || (isDict(value) && Object.keys(value).length === 0)) return [];
  return notIterable();
}

function isDict(value: PyJsonValue | undefined): value is PyJsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PyFloat);
}

/** Python type name of a parsed JSON value, for messages. */
function pyType(value: PyJsonValue | undefined): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'int';
  if (value instanceof PyFloat) return 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}
