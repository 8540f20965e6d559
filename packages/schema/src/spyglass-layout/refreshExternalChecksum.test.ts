import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { openSpyglassServer, type SpyglassServer } from './openSpyglassServer';
import { refreshExternalChecksum } from './refreshExternalChecksum';
import { loadSpyglassFixture, type SpyglassFixture } from '../testing/loadSpyglassFixture';

// On the loaded Spyglass dump (MariaDB; fails, never skips, when the server is unreachable).
describe('refreshExternalChecksum', () => {
  let fixture: SpyglassFixture;
  let server: SpyglassServer;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
    server = await openSpyglassServer(fixture.serverUrl);
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.drop();
  });

  const externalRows = async () =>
    server.query(
      `SELECT HEX(hash) AS hash, size, filepath, HEX(contents_hash) AS contents_hash, timestamp FROM \`${fixture.schemaPrefix}common_nwbfile\`.\`~external_analysis\` ORDER BY filepath`,
    );

  it("records a regenerated file's size and md5 in its ~external_analysis row only", async () => {
    const before = await externalRows();
    const filepath = 'oracle_raw_group1/oracle_raw_group1_ORACLE0000.nwb';
    const analysisFile = path.join(fixture.baseDir, 'analysis', filepath);
    // Stand-in for a regenerated file with different bytes: the fixture's drifted group-1 recompute output.
    await copyFile(path.join(fixture.baseDir, 'tmp/spikesorting_v1_recompute/root_spyglass_00', filepath), analysisFile);

    const written = await refreshExternalChecksum(server.query, {
      schemaPrefix: fixture.schemaPrefix,
      store: 'analysis',
      filepath,
      absolutePath: analysisFile,
    });
    expect(written.hash).toBe('87c19f62-788e-4864-d219-9286dd5501c5');
    const after = await externalRows();
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual({ ...before[1], size: written.size, contents_hash: written.contentsHash.replace(/-/g, '').toUpperCase() });
    expect(written.contentsHash).not.toBe(String(before[1]!.contents_hash));
  });

  it('refuses a file DataJoint does not track', async () => {
    await expect(
      refreshExternalChecksum(server.query, {
        schemaPrefix: fixture.schemaPrefix,
        store: 'analysis',
        filepath: 'oracle_raw_group9/x.nwb',
        absolutePath: path.join(fixture.baseDir, 'raw/oracle_raw.nwb'),
      }),
    ).rejects.toMatchObject({ code: 'EXTERNAL_ROW_MISSING' });
  });
});
