import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { hashNwbFiles } from './hashNwbFiles';
import { compiledScript } from './Md5Offload';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const dir = path.join(fixtures, 'hasher/files');

describe('hashNwbFiles (worker pool)', () => {
  it('uses the built worker script (run the core build first)', () => {
    expect(compiledScript(__dirname, 'hashFileWorker.js')).toMatch(/dist[\\/]hashing[\\/]hashFileWorker\.js$/);
  });

  it('hashes every fixture in parallel with the golden digests and typed errors, in input order', async () => {
    const files = readdirSync(dir).sort();
    const outcomes = await hashNwbFiles(
      files.map((f) => path.join(dir, f)),
      { objects: false },
      { concurrency: 3 },
    );
    expect(outcomes.map((o) => path.basename(o.path))).toEqual(files);
    for (const [i, file] of files.entries()) {
      const golden = JSON.parse(readFileSync(path.join(fixtures, 'hasher/golden', `${file}.json`), 'utf8')) as {
        modes: { default: { hash?: string; error?: unknown } };
      };
      const outcome = outcomes[i];
      if (golden.modes.default.error) {
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.error.code).toBe('HASH_UNSUPPORTED_OBJECT');
      } else {
        expect(outcome.ok && outcome.result.hash).toBe(golden.modes.default.hash);
      }
    }
  });

  it('reports a missing file without stopping the others', async () => {
    const outcomes = await hashNwbFiles([path.join(dir, 'nope.nwb'), path.join(dir, 'h5_empty_file.h5')]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    const golden = JSON.parse(readFileSync(path.join(fixtures, 'hasher/golden/h5_empty_file.h5.json'), 'utf8')) as {
      modes: { default: { hash: string } };
    };
    expect(outcomes[1]).toMatchObject({ ok: true, result: { hash: golden.modes.default.hash } });
  });
});
