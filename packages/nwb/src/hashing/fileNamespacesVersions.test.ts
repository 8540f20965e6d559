import path from 'node:path';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { hashNwbFile } from './hashNwbFile';

// hashing.md, namespaces: per cached namespace, the version group that sorts last *by name*
// (`unversioned`/`None` only when there is no other), and the `version` inside its `namespace`
// JSON (null without one). The fixtures cache one version per namespace, so this file caches
// several, built here.
describe('cached namespace versions (fileNamespaces)', () => {
  const file = h5FilesForSuite('namespaces', (h5, dir) => {
    const versions = new h5.File(path.join(dir, 'versions.h5'), 'w');
    const specs = versions.create_group('specifications', true);
    const cache = (namespace: string, group: string, namespaces: Array<Record<string, string | null>>) => {
      if (!specs.keys().includes(namespace)) specs.create_group(namespace, true);
      specs.create_group(`${namespace}/${group}`).create_dataset({ name: 'namespace', data: JSON.stringify({ namespaces }) });
    };
    // Created out of name order in creation-ordered groups: the choice must come from the names.
    cache('hdmf-experimental', 'unversioned', [{ name: 'hdmf-experimental', version: 'from-unversioned' }]);
    cache('core', '2.10.0', [{ name: 'core', version: '2.10.0' }]);
    cache('core', '2.2.0', [{ name: 'core', version: '2.2.0' }]);
    cache('core', '2.1.0', [{ name: 'core', version: '2.1.0' }]);
    cache('hdmf-experimental', '0.1.0', [{ name: 'hdmf-experimental', version: '0.1.0' }]);
    cache('hdmf-common', 'unversioned', [{ name: 'hdmf-common' }]);
    cache('ext', '0.3.0', [{ name: 'ext', version: '0.3.0' }]);
    // `None` sorts after every digit, like `unversioned`: only a fallback too.
    cache('ext-none', 'None', [{ name: 'ext-none', version: 'from-None' }]);
    cache('ext-none', '0.5.0', [{ name: 'ext-none', version: '0.5.0' }]);
    cache('ext-null', '1.0.0', [{ name: 'ext-null', version: null }]);
    versions.create_attribute('.specloc', specs.create_reference());
    versions.close();
  });

  it('takes the version group last by name, unversioned only as a fallback, and null without a version (absent or null)', async () => {
    const result = await hashNwbFile(file('versions.h5'));
    expect(result.namespaces).toEqual({
      core: '2.2.0',
      ext: '0.3.0',
      'ext-none': '0.5.0',
      'ext-null': null,
      'hdmf-common': null,
      'hdmf-experimental': '0.1.0',
    });
    expect(Object.keys(result.namespaces)).toEqual(['core', 'ext', 'ext-none', 'ext-null', 'hdmf-common', 'hdmf-experimental']);
  });
});
