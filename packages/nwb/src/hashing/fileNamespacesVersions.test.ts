import path from 'node:path';
import type { H5Wasm } from '../h5/h5wasm';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { patchFirstByte } from '../test-support/patchFirstByte';
import { hashNwbFile } from './hashNwbFile';

// The namespace map is Spyglass's `get_file_namespaces`: hdmf 3.5.1 `HDF5IO.load_namespaces` into a
// fresh catalog, then `{name: namespace.get("version", None)}`. Every expectation below is what that
// code (with h5py 3.7) gives for the same file, run on files written exactly like these.

type Json = Record<string, unknown>;
type Group = ReturnType<H5Wasm['File']['prototype']['create_group']>;

/** A namespace entry as hdmf writes one (`doc`, `name`, `schema`, `version`). */
const entry = (name: string, version?: string | null, extra: Json = {}): Json => ({
  doc: 'd',
  name,
  schema: [],
  ...(version === undefined ? {} : { version }),
  ...extra,
});
const namespaceJson = (namespaces: unknown): string => JSON.stringify({ namespaces });

/**
 * Writes `name` with a spec group `/specifications` (tracking creation order with `track`), filled
 * by `fill`, and a root `.specloc` referencing it unless `fill` wrote its own or `specloc` is false.
 */
function specFile(
  h5: H5Wasm,
  dir: string,
  name: string,
  fill: (put: (at: string, data?: unknown, dtype?: string) => Group, specs: Group, file: InstanceType<H5Wasm['File']>) => void,
  { track = false, specloc = true } = {},
): void {
  const file = new h5.File(path.join(dir, name), 'w');
  const specs = file.create_group('specifications', track);
  // put('ns/1.0.0', text): the groups on the way, and a `namespace` dataset holding `text`.
  const put = (at: string, data?: unknown, dtype?: string): Group => {
    let group = specs;
    for (const part of at.split('/')) group = (group.keys().includes(part) ? group.get(part) : group.create_group(part, track)) as Group;
    if (data !== undefined) group.create_dataset({ name: 'namespace', data: data as string, ...(dtype === undefined ? {} : { dtype }) });
    return group;
  };
  fill(put, specs, file);
  if (specloc && !Object.keys(file.attrs).includes('.specloc')) file.create_attribute('.specloc', specs.create_reference());
  file.close();
}

describe('cached namespace versions (fileNamespaces)', () => {
  const file = h5FilesForSuite('namespaces', (h5, dir) => {
    specFile(h5, dir, 'by-name.h5', (put) => {
      // Untracked groups iterate by name: the version group last by name, whatever the creation order.
      for (const v of ['2.10.0', '2.2.0', '2.1.0']) put(`core/${v}`, namespaceJson([entry('core', v)]));
      put('hdmf-experimental/unversioned', namespaceJson([entry('hdmf-experimental', 'from-unversioned')]));
      put('hdmf-experimental/0.1.0', namespaceJson([entry('hdmf-experimental', '0.1.0')]));
      put('hdmf-common/unversioned', namespaceJson([entry('hdmf-common')]));
      put('ext-none/None', namespaceJson([entry('ext-none', 'from-None')]));
      put('ext-none/0.5.0', namespaceJson([entry('ext-none', '0.5.0')]));
      put('ext-null/1.0.0', namespaceJson([entry('ext-null', null)]));
      put('ext-none-text/1.0.0', namespaceJson([entry('ext-none-text', 'None')]));
      put('ext-empty/1.0.0', namespaceJson([entry('ext-empty', '')]));
      // `None` and `unversioned` alone: `unversioned` is dropped first, so `None` is read.
      put('ext-both/unversioned', namespaceJson([entry('ext-both', 'from-unversioned')]));
      put('ext-both/None', namespaceJson([entry('ext-both', 'from-None')]));
      // A fixed-length string dataset, and optional keys of every allowed kind (null too).
      const text = namespaceJson([entry('ext-fixed', '2.0', { full_name: 'F', date: null, author: ['a'], contact: 'c' })]);
      put('ext-fixed/2.0', text, `S${text.length + 2}`);
      // A shape (1,) array holding the JSON: H5SpecReader unpacks its one item.
      put('ext-one')
        .create_group('1')
        .create_dataset({ name: 'namespace', data: [namespaceJson([entry('ext-one', '1')])], shape: [1] });
    });
    specFile(
      h5,
      dir,
      'by-creation.h5',
      (put) => {
        // Groups that track creation order iterate in it (h5py's GroupIter): the last created wins,
        // both for the version group and for which group's entry of a shared name loads first.
        for (const v of ['2.10.0', '2.2.0', '2.1.0']) put(`core/${v}`, namespaceJson([entry('core', v)]));
        put('core/unversioned', namespaceJson([entry('core', 'from-unversioned')]));
        put('z/1', namespaceJson([entry('shared', 'from-z')]));
        put('a/1', namespaceJson([entry('shared', 'from-a')]));
      },
      { track: true },
    );
    specFile(h5, dir, 'entries.h5', (put) => {
      // NamespaceCatalog.load_namespaces keys each entry by its own `name`.
      put('multi/1.0.0', namespaceJson([entry('other', '9.9.9'), entry('multi', '1.2.3')]));
      put('foreign/1.0.0', namespaceJson([entry('elsewhere', '3.0')]));
      // A JSON listing no namespace loads nothing (an empty object or string iterates as empty).
      put('none/1.0.0', namespaceJson([]));
      put('none-dict/1.0.0', namespaceJson({}));
      put('none-text/1.0.0', namespaceJson(''));
      // Names are data, even one a JS object would take for its prototype.
      put('__proto__/1', namespaceJson([entry('__proto__', '1')]));
    });
    specFile(h5, dir, 'load-order.h5', (put) => {
      // `a` (first by name) loads `b` at v1; `b`'s own v2 entry is then skipped.
      put('a/1', namespaceJson([entry('b', 'v1')]));
      put('b/1', namespaceJson([entry('b', 'v2')]));
      // `d` depends on `e` (the `namespace` of a schema item), so `e` loads first with its `d`.
      put('d/1', namespaceJson([entry('d', 'from-d', { schema: [{ namespace: 'e' }] })]));
      put('e/1', namespaceJson([entry('e', '1'), entry('d', 'from-e')]));
      // The first entry of `f` loaded has no version: null stays, the later `g` entry is skipped.
      put('f/1', namespaceJson([entry('f')]));
      put('g/1', namespaceJson([entry('f', 'from-g'), entry('g', '1', { schema: [{ namespace: 'f' }] })]));
    });
    specFile(h5, dir, 'spec-source.h5', (put, _specs, f) => {
      put('ext/1', namespaceJson([entry('ext', '1', { schema: [{ source: 'ext.spec' }] })])).create_dataset({
        name: 'ext.spec',
        data: '{"groups": []}',
      });
      // An absolute source path is read from the file's root.
      put('abs/1', namespaceJson([entry('abs', '2', { schema: [{ source: '/abs.spec' }] })]));
      f.create_dataset({ name: 'abs.spec', data: '{}' });
    });
    specFile(h5, dir, 'specloc-text.h5', (put, _specs, f) => {
      put('core/1', namespaceJson([entry('core', '1')]));
      f.create_attribute('.specloc', 'specifications');
    });
    specFile(h5, dir, 'specloc-fixed.h5', (put, _specs, f) => {
      put('core/1', namespaceJson([entry('core', '1')]));
      f.create_attribute('.specloc', '/specifications', null, 'S15');
    });
    specFile(
      h5,
      dir,
      'no-specloc.h5',
      (put, _specs, f) => {
        put('core/1', namespaceJson([entry('core', '1')]));
        // An attribute of another name: only `.specloc` says where the cache is.
        f.create_attribute('specloc', 'specifications');
      },
      { specloc: false },
    );
    specFile(h5, dir, 'soft-link.h5', (put, specs) => {
      put('core/1', namespaceJson([entry('core', '1')]));
      specs.create_soft_link('/specifications/core', 'alias');
    });
  });

  it('untracked groups: the version group last by name, unversioned then None only as fallbacks, the version inside', async () => {
    const { namespaces } = await hashNwbFile(file('by-name.h5'));
    expect(namespaces).toEqual({
      core: '2.2.0',
      'ext-both': 'from-None',
      'ext-empty': '',
      'ext-fixed': '2.0',
      'ext-none': '0.5.0',
      'ext-none-text': null,
      'ext-null': null,
      'ext-one': '1',
      'hdmf-common': null,
      'hdmf-experimental': '0.1.0',
    });
  });

  it('creation-ordered groups: the version group created last, and the group created first loads a shared name', async () => {
    expect((await hashNwbFile(file('by-creation.h5'))).namespaces).toEqual({ core: '2.1.0', shared: 'from-z' });
  });

  it('reports every entry of a namespace JSON under its own name, and nothing for a JSON listing none', async () => {
    const { namespaces } = await hashNwbFile(file('entries.h5'));
    expect(Object.entries(namespaces).sort()).toEqual([
      ['__proto__', '1'],
      ['elsewhere', '3.0'],
      ['multi', '1.2.3'],
      ['other', '9.9.9'],
    ]);
  });

  it('loads groups in spec-group order, dependencies first, and keeps the version first loaded for a name', async () => {
    const { namespaces } = await hashNwbFile(file('load-order.h5'));
    expect(namespaces).toEqual({ b: 'v1', d: 'from-e', e: '1', f: null, g: '1' });
    // listed by name, as the hash's json.dumps(sort_keys=True) has them, not in load order
    expect(Object.keys(namespaces)).toEqual(['b', 'd', 'e', 'f', 'g']);
  });

  it('without a root .specloc attribute: an empty map, whatever the file holds', async () => {
    expect((await hashNwbFile(file('no-specloc.h5'))).namespaces).toEqual({});
  });

  it('reads schema sources, a .specloc given as a path, and a namespace group reached by a soft link', async () => {
    expect((await hashNwbFile(file('spec-source.h5'))).namespaces).toEqual({ abs: '2', ext: '1' });
    expect((await hashNwbFile(file('specloc-text.h5'))).namespaces).toEqual({ core: '1' });
    expect((await hashNwbFile(file('specloc-fixed.h5'))).namespaces).toEqual({ core: '1' });
    expect((await hashNwbFile(file('soft-link.h5'))).namespaces).toEqual({ core: '1' });
  });
});

// Where hdmf raises, no reference digest exists: a typed error names the object and the exception.
describe('spec caches hdmf cannot load (fileNamespaces)', () => {
  const cases: Array<{
    file: string;
    fill: Parameters<typeof specFile>[3];
    object: string;
    reference: string;
    why: string;
  }> = [
    // HDF5IO.__get_namespaces
    {
      file: 'dataset-child',
      fill: (put, specs) => {
        put('core/1', namespaceJson([entry('core', '1')]));
        specs.create_dataset({ name: 'stray', data: 'x' });
      },
      object: 'specifications/stray',
      reference: 'AttributeError',
      why: 'cached namespace is a dataset, not a group of versions',
    },
    {
      file: 'no-version',
      fill: (put) => {
        put('core/1', namespaceJson([entry('core', '1')]));
        put('empty');
      },
      object: 'specifications/empty',
      reference: 'IndexError',
      why: 'cached namespace has no version group',
    },
    {
      file: 'dangling',
      fill: (put, specs) => {
        put('core/1', namespaceJson([entry('core', '1')]));
        specs.create_soft_link('/nowhere', 'alias');
      },
      object: 'specifications/alias',
      reference: 'KeyError',
      why: 'cached namespace link resolves to no object',
    },
    // HDF5IO.__load_namespaces and H5SpecReader
    {
      file: 'version-dataset',
      fill: (put) => {
        put('core/1', namespaceJson([entry('core', '1')]));
        put('core').create_dataset({ name: '2', data: 'x' });
      },
      object: 'specifications/core/2',
      reference: 'TypeError',
      why: 'version is a dataset, not a group',
    },
    {
      file: 'dangling-version',
      fill: (put) => put('core').create_soft_link('/nowhere', '1'),
      object: 'specifications/core/1',
      reference: 'KeyError',
      why: 'version link resolves to no object',
    },
    {
      file: 'no-namespace',
      fill: (put) => put('ext/1.0.0'),
      object: 'specifications/ext/1.0.0/namespace',
      reference: 'KeyError',
      why: 'does not exist',
    },
    {
      file: 'namespace-group',
      fill: (put) => put('core/1/namespace'),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'cached spec is a group, not a dataset',
    },
    {
      file: 'two-strings',
      fill: (put) => put('core/1', [namespaceJson([entry('core', '1')]), 'x']),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'cached spec has shape (2,), not a single string',
    },
    {
      file: 'number',
      fill: (put) => put('core/1', new Float64Array([1])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'cached spec is float64, not a string',
    },
    {
      file: 'two-dims',
      fill: (put) =>
        put('core')
          .create_group('1')
          .create_dataset({ name: 'namespace', data: [namespaceJson([entry('core', '1')])], shape: [1, 1] }),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'cached spec has shape (1, 1), not a single string',
    },
    {
      file: 'bad-json',
      fill: (put) => put('core/1', '{'),
      object: 'specifications/core/1/namespace',
      reference: 'JSONDecodeError',
      why: 'Expecting property name',
    },
    {
      file: 'bom',
      fill: (put) => put('core/1', `\ufeff${namespaceJson([entry('core', '1')])}`),
      object: 'specifications/core/1/namespace',
      reference: 'JSONDecodeError',
      why: 'Expecting value (char 0)',
    },
    {
      file: 'top-list',
      fill: (put) => put('core/1', '[1]'),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'namespace JSON is list, not an object',
    },
    {
      file: 'no-namespaces',
      fill: (put) => put('core/1', '{"other": []}'),
      object: 'specifications/core/1/namespace',
      reference: 'KeyError',
      why: "no 'namespaces' key",
    },
    {
      file: 'namespaces-text',
      fill: (put) => put('core/1', namespaceJson('x')),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "'namespaces' is str, not a list",
    },
    {
      file: 'namespaces-null',
      fill: (put) => put('core/1', namespaceJson(null)),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "'namespaces' is None",
    },
    {
      file: 'namespaces-bool',
      fill: (put) => put('core/1', namespaceJson(true)),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "'namespaces' is bool",
    },
    {
      file: 'namespaces-dict',
      fill: (put) => put('core/1', namespaceJson({ core: entry('core', '1') })),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "'namespaces' is dict",
    },
    {
      file: 'entry-float',
      fill: (put) => put('core/1', '{"namespaces": [1.5]}'),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "a 'namespaces' entry is float",
    },
    {
      file: 'entry-text',
      fill: (put) => put('core/1', namespaceJson(['core'])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "a 'namespaces' entry is str",
    },
    {
      file: 'no-schema',
      fill: (put) => put('core/1', namespaceJson([{ doc: 'd', name: 'core', version: '1' }])),
      object: 'specifications/core/1/namespace',
      reference: 'KeyError',
      why: "no 'schema' key",
    },
    {
      file: 'schema-number',
      fill: (put) => put('core/1', namespaceJson([entry('core', '1', { schema: 3 })])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: "'schema' is int, not a list",
    },
    {
      file: 'schema-item-text',
      fill: (put) => put('core/1', namespaceJson([entry('core', '1', { schema: ['x'] })])),
      object: 'specifications/core/1/namespace',
      reference: 'AttributeError',
      why: "a 'schema' item is str",
    },
    {
      file: 'unhashable-dependency',
      fill: (put) => put('core/1', namespaceJson([entry('core', '1', { schema: [{ namespace: ['x'] }] })])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'unhashable namespace',
    },
    {
      file: 'unhashable-dependency-dict',
      fill: (put) => put('core/1', namespaceJson([entry('core', '1', { schema: [{ namespace: { a: 1 } }] })])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'unhashable namespace',
    },
    // NamespaceCatalog.load_namespaces / __load_namespace
    {
      file: 'no-name',
      fill: (put) => put('core/1', namespaceJson([{ doc: 'd', schema: [], version: '1' }])),
      object: 'specifications/core/1/namespace',
      reference: 'KeyError',
      why: "a 'namespaces' entry has no 'name' key",
    },
    {
      file: 'list-name',
      fill: (put) => put('core/1', namespaceJson([entry('core', '1', { name: ['core'] })])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'a namespace name is list, unhashable',
    },
    {
      file: 'dict-name',
      fill: (put) => put('core/1', namespaceJson([entry('core', '1', { name: { a: 1 } })])),
      object: 'specifications/core/1/namespace',
      reference: 'TypeError',
      why: 'a namespace name is dict, unhashable',
    },
    {
      file: 'loaded-without-version',
      fill: (put) => {
        put('a/1', namespaceJson([entry('b', 'v1')]));
        put('b/1', namespaceJson([entry('b')]));
      },
      object: 'specifications/b/1/namespace',
      reference: 'KeyError',
      why: "'b' is loaded already, and this entry of it has no 'version' key",
    },
    {
      file: 'listed-twice',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1'), entry('a', '2')])),
      object: 'specifications/a/1/namespace',
      reference: 'KeyError',
      why: "namespace 'a' is listed twice",
    },
    {
      file: 'missing-dependency',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { schema: [{ namespace: 'zzz' }] })])),
      object: 'specifications/a/1/namespace',
      reference: 'ValueError',
      why: "included namespace 'zzz' is not loaded",
    },
    {
      // Only the last entry's schema orders the groups: `x` needs `b`, which loads after `a`.
      file: 'dependency-of-earlier-entry',
      fill: (put) => {
        put('a/1', namespaceJson([entry('x', '1', { schema: [{ namespace: 'b' }] }), entry('a', '1')]));
        put('b/1', namespaceJson([entry('b', '1')]));
      },
      object: 'specifications/a/1/namespace',
      reference: 'ValueError',
      why: "included namespace 'b' is not loaded",
    },
    {
      file: 'null-dependency',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { schema: [{ namespace: null }] })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "an included 'namespace' is None",
    },
    {
      file: 'neither-key',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { schema: [{ title: 't' }] })])),
      object: 'specifications/a/1/namespace',
      reference: 'ValueError',
      why: "neither a 'source' nor a 'namespace' key",
    },
    {
      file: 'missing-source',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { schema: [{ source: 'nope' }] })])),
      object: 'specifications/a/1/nope',
      reference: 'KeyError',
      why: 'cached spec dataset does not exist',
    },
    {
      file: 'source-number',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { schema: [{ source: 5 }] })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "a 'source' is int",
    },
    {
      file: 'source-list',
      fill: (put) => {
        put('a/1', namespaceJson([entry('a', '1', { schema: [{ source: 'a.spec' }] })])).create_dataset({ name: 'a.spec', data: '[]' });
      },
      object: 'specifications/a/1/a.spec',
      reference: 'AttributeError',
      why: 'spec JSON is list, not an object',
    },
    {
      file: 'source-twice',
      fill: (put) => {
        for (const ns of ['a', 'b']) {
          put(`${ns}/1`, namespaceJson([entry(ns, '1', { schema: [{ source: 'base' }] })])).create_dataset({ name: 'base', data: '{}' });
        }
      },
      object: 'specifications/b/1/namespace',
      reference: 'ValueError',
      why: "spec source 'base' is loaded already",
    },
    // SpecNamespace.build_namespace and its docval
    {
      file: 'no-doc',
      fill: (put) => put('a/1', namespaceJson([{ name: 'a', schema: [], version: '1' }])),
      object: 'specifications/a/1/namespace',
      reference: 'KeyError',
      why: "no 'doc' key",
    },
    {
      file: 'number-version',
      fill: (put) => put('a/1', JSON.stringify({ namespaces: [{ ...entry('a'), version: 1.5 }] })),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "'version' of type float",
    },
    {
      file: 'number-doc',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { doc: 3 })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "'doc' of type int",
    },
    {
      file: 'null-doc',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { doc: null })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "'doc' of type None",
    },
    {
      file: 'list-doc',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { doc: ['d'] })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "'doc' of type list",
    },
    {
      // An empty string iterates as no schema item, so only docval rejects it.
      file: 'schema-empty-text',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { schema: '' })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "'schema' of type str",
    },
    {
      file: 'extra-key',
      fill: (put) => put('a/1', namespaceJson([entry('a', '1', { foo: 1 })])),
      object: 'specifications/a/1/namespace',
      reference: 'TypeError',
      why: "unrecognized key 'foo'",
    },
    {
      file: 'whitespace-name',
      fill: (put) => put('a/1', namespaceJson([entry('a b', '1')])),
      object: 'specifications/a/1/namespace',
      reference: 'ValueError',
      why: "namespace name 'a b' contains whitespace",
    },
    // file[file.attrs['.specloc']]
    {
      file: 'specloc-missing-path',
      fill: (_put, _specs, f) => f.create_attribute('.specloc', 'nothere'),
      object: 'nothere',
      reference: 'KeyError',
      why: "the path in root attribute '.specloc' names no object",
    },
    {
      file: 'specloc-empty',
      fill: (_put, _specs, f) => f.create_attribute('.specloc', ''),
      object: '/',
      reference: 'ValueError',
      why: "root attribute '.specloc' is an empty path",
    },
    {
      // The root as the spec group: its child `specifications` is read as a namespace group.
      file: 'specloc-root',
      fill: (put, _specs, f) => {
        put('core/1', namespaceJson([entry('core', '1')]));
        f.create_attribute('.specloc', '/');
      },
      object: 'specifications/core/namespace',
      reference: 'KeyError',
      why: 'cached spec dataset does not exist',
    },
    {
      file: 'specloc-number',
      fill: (_put, _specs, f) => f.create_attribute('.specloc', 3),
      object: '/',
      reference: 'TypeError',
      why: "root attribute '.specloc' holds int32",
    },
    {
      file: 'specloc-array',
      fill: (_put, specs, f) => f.create_attribute('.specloc', [specs.create_reference()]),
      object: '/',
      reference: 'TypeError',
      why: "root attribute '.specloc' holds an array",
    },
    {
      file: 'specloc-text-array',
      fill: (_put, _specs, f) => f.create_attribute('.specloc', ['specifications']),
      object: '/',
      reference: 'TypeError',
      why: "root attribute '.specloc' holds an array",
    },
    {
      file: 'specloc-region',
      fill: (_put, _specs, f) =>
        f.create_attribute(
          '.specloc',
          f.create_dataset({ name: 'ds', data: new Float64Array([1, 2, 3]) }).create_region_reference([[0, 2]]),
        ),
      object: '/',
      reference: 'AttributeError',
      why: "root attribute '.specloc' is a region reference",
    },
    {
      file: 'specloc-dataset',
      fill: (_put, _specs, f) => f.create_attribute('.specloc', f.create_dataset({ name: 'ds', data: 'x' }).create_reference()),
      object: 'ds',
      reference: 'AttributeError',
      why: "the spec group '.specloc' points to is not a group",
    },
  ];

  const file = h5FilesForSuite('namespace-errors', (h5, dir) => {
    for (const c of cases) {
      specFile(h5, dir, `${c.file}.h5`, c.fill);
    }
    specFile(h5, dir, 'bad-utf8.h5', (put) => put('core/1', namespaceJson([entry('core', '1', { doc: 'BADUTF8MARK' })])));
    patchFirstByte(path.join(dir, 'bad-utf8.h5'), 'BADUTF8MARK', 0xff);
    specFile(h5, dir, 'bad-path.h5', (_put, _specs, f) => f.create_attribute('.specloc', 'BADPATHMARK'));
    patchFirstByte(path.join(dir, 'bad-path.h5'), 'BADPATHMARK', 0xff);
    specFile(h5, dir, 'list-version.h5', (put) => put('ext/1', namespaceJson([entry('ext', '1', { version: [1, 2] })])));
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s: hdmf raises, so no digest', async (_name, c) => {
    const filePath = file(`${c.file}.h5`);
    const error = await hashNwbFile(filePath).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'HASH_UNSUPPORTED_OBJECT',
      details: { file: filePath, object: c.object, reference: c.reference },
    });
    const { message } = error as Error;
    expect(message).toContain(`${filePath}: cannot hash object '${c.object}': `);
    expect(message).toContain(c.why);
    expect(message).toContain(`(Spyglass's hasher raises ${c.reference} here, so no reference digest exists)`);
  });

  it('a namespace JSON that is not UTF-8: hdmf decodes it strictly and raises', async () => {
    const filePath = file('bad-utf8.h5');
    await expect(hashNwbFile(filePath)).rejects.toMatchObject({
      code: 'HASH_UNSUPPORTED_OBJECT',
      details: { file: filePath, object: 'specifications/core/1/namespace', reference: 'UnicodeDecodeError' },
      message: `${filePath}: cannot hash object 'specifications/core/1/namespace': cached spec is not valid UTF-8 (Spyglass's hasher raises UnicodeDecodeError here, so no reference digest exists)`,
    });
  });

  it('a .specloc path that is not UTF-8: h5py cannot encode it back to open it', async () => {
    const filePath = file('bad-path.h5');
    await expect(hashNwbFile(filePath)).rejects.toMatchObject({
      code: 'HASH_UNSUPPORTED_OBJECT',
      details: { file: filePath, object: '/', reference: 'UnicodeEncodeError' },
      message: `${filePath}: cannot hash object '/': root attribute '.specloc' is a path that is not UTF-8 (Spyglass's hasher raises UnicodeEncodeError here, so no reference digest exists)`,
    });
  });

  it('a list-valued version: the reference hashes the list, which this result cannot hold, so the file is refused', async () => {
    const filePath = file('list-version.h5');
    await expect(hashNwbFile(filePath)).rejects.toMatchObject({
      code: 'HASH_UNSUPPORTED_FILE',
      details: { file: filePath, object: 'specifications/ext/1/namespace' },
      message:
        `${filePath}: cannot reproduce the cached namespace versions at 'specifications/ext/1/namespace': namespace 'ext' has a list as its ` +
        "version, which this hasher's string map cannot hold (the reference hashes this file, but this hasher cannot give its digest)",
    });
  });
});
