import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, allowsExitCode, errorCodes, isRecomputeErrorCode } from './index';
import type { ErrorCodeEntry } from './index';

const repoRoot = path.resolve(__dirname, '../../..');
const cliSpec = path.resolve(repoRoot, '../shared/spec/cli.md');
const entries = Object.entries(errorCodes) as Array<[string, ErrorCodeEntry]>;

/**
 * Codes of foreign errors (syscalls, database drivers) that tests and translators name:
 * never ours, so never in the table. Node (ENOENT), MySQL server (ER_*), SQLite, and the mysql2
 * client's own (PROTOCOL_CONNECTION_LOST).
 */
const FOREIGN_CODE = /^(E[A-Z]+|ER_[A-Z_]+|SQLITE_[A-Z_]+|PROTOCOL_[A-Z_]+)$/;

/** Every `.ts` file under the packages' and apps' `src` folders (sources and tests). */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(full);
      } else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(path.join(repoRoot, group), { withFileTypes: true })) {
      if (!pkg.isDirectory()) continue;
      for (const folder of ['src', 'test']) {
        try {
          walk(path.join(repoRoot, group, pkg.name, folder));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    }
  }
  return files;
}

/**
 * Error codes a file names: as a `code` property or argument, compared with `.code`, asserted with
 * `toBe`/`expectCode`, or printed by the CLI (`Error [CODE]`, `"code":"CODE"`).
 */
function codesNamedIn(text: string): string[] {
  const patterns = [
    /\bcode:\s*'([A-Z][A-Z0-9_]*)'/g,
    /\bcode\)?\s*[!=]==\s*'([A-Z][A-Z0-9_]*)'/g,
    /\.code\)\.toBe\('([A-Z][A-Z0-9_]*)'\)/g,
    // Looser contexts (helpers like expectRejected, test.each rows) need an underscore, as codes but not dtype letters have.
    /expect\w*\([^)\n]*?'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g,
    /, '([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'\]/g,
    /toHaveProperty\('code', '([A-Z][A-Z0-9_]*)'\)/g,
    /Error \[([A-Z][A-Z0-9_]*)\]/g,
    /"code":\s*"([A-Z][A-Z0-9_]*)"/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

describe('errorCodes: the closed list', () => {
  it('names every code in SCREAMING_SNAKE_CASE with a docs line, none of them a foreign code', () => {
    expect(entries.length).toBeGreaterThan(100);
    for (const [code, entry] of entries) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(code).not.toMatch(FOREIGN_CODE);
      expect(entry.summary).toMatch(/^\S.{10,}\.$/);
    }
  });

  it('gives every code an exit code of the CLI contract (1 runtime, 2 bad input, 4 verification failed)', () => {
    const contract = new Set<number>([ExitCode.runtime, ExitCode.badInput, ExitCode.verificationFailed]);
    expect([...contract].sort()).toEqual([1, 2, 4]);
    for (const [code, entry] of entries) {
      expect({ code, exitCode: contract.has(entry.exitCode) }).toEqual({ code, exitCode: true });
      for (const also of entry.alsoExitsWith ?? []) {
        expect(contract.has(also)).toBe(true);
        expect(also).not.toBe(entry.exitCode);
      }
    }
    // Spot checks of the contract's meaning: verification failures exit 4, bugs exit 1.
    expect(errorCodes.REGENERATED_HASH_MISMATCH.exitCode).toBe(4);
    expect(errorCodes.INTERNAL_INVARIANT.exitCode).toBe(1);
    expect(errorCodes.USAGE.exitCode).toBe(2);
    expect(allowsExitCode('DB_UNREACHABLE', 2)).toBe(true);
    expect(allowsExitCode('FILE_NOT_FOUND', 1)).toBe(false);
  });

  it('holds every code the sources and tests of the repository name', () => {
    const unknown: string[] = [];
    let named = 0;
    for (const file of sourceFiles()) {
      if (file === __filename) continue; // this file names made-up codes on purpose
      for (const code of codesNamedIn(readFileSync(file, 'utf8'))) {
        if (FOREIGN_CODE.test(code)) continue;
        named += 1;
        if (!isRecomputeErrorCode(code)) unknown.push(`${path.relative(repoRoot, file)}: ${code}`);
      }
    }
    expect(named).toBeGreaterThan(200);
    expect(unknown).toEqual([]);
  });

  it("holds every code cli.md names and uses cli.md's exit codes", () => {
    const spec = readFileSync(cliSpec, 'utf8');
    // Upper-case names in cli.md are configuration variables, argument placeholders or error codes.
    const configuration = /^(RECOMPUTE|SPYGLASS)_[A-Z_]+$/;
    const placeholders = new Set(['STRING_CODE', 'NWB_FILE']);
    const codes = [...spec.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)]
      .map((match) => match[0])
      .filter((name) => !configuration.test(name) && !placeholders.has(name));
    expect(codes.filter((code) => !isRecomputeErrorCode(code))).toEqual([]);
    // The placeholders are still there: if cli.md changes its wording, this test is revisited.
    for (const placeholder of placeholders) expect(spec).toContain(placeholder);

    const exitSection = /## Exit codes\n([\s\S]*?)\n\n/.exec(spec)?.[1] ?? '';
    const specExitCodes = new Set([...exitSection.matchAll(/(?:^|·\s*)(\d+) /g)].map((match) => Number(match[1])));
    expect([...specExitCodes].sort()).toEqual([0, 1, 2, 4]);
    for (const [, entry] of entries) {
      expect(specExitCodes.has(entry.exitCode)).toBe(true);
      expect(entry.exitCode).not.toBe(0);
    }
    expect(spec).toContain('{"error": {"code": "STRING_CODE", "message": "..."}}');
  });

  it('recognises codes that crossed a thread or process boundary', () => {
    expect(isRecomputeErrorCode('SEGMENT_TOO_SHORT')).toBe(true);
    expect(isRecomputeErrorCode('RAW_NWB_NOT_FOUND')).toBe(false); // merged into RAW_FILE_NOT_FOUND
    // Synonyms merged by issue 16: one failure, one code.
    expect(isRecomputeErrorCode('NWB_NOT_HDF5')).toBe(false); // NOT_HDF5
    expect(isRecomputeErrorCode('RAW_TIMESTAMPS_TOO_FEW')).toBe(false); // TIMESTAMPS_TOO_FEW
    expect(isRecomputeErrorCode('INTERVAL_OUTSIDE_RECORDING')).toBe(false); // INTERVAL_OUTSIDE_DATA (sample ranges: SAMPLE_RANGE_OUT_OF_BOUNDS)
    expect(isRecomputeErrorCode('toString')).toBe(false);
    expect(isRecomputeErrorCode(42)).toBe(false);
  });
});

/** Where `new RecomputeError(` may appear: the class itself and the `*Errors.ts` factory modules. */
function isFactoryFile(relativePath: string): boolean {
  return relativePath === 'packages/errors/src/RecomputeError.ts' || /Errors\.ts$/.test(relativePath);
}

/** Production sources: not tests, not test support (fakes and fixtures may throw what they like). */
function productionSources(): Array<{ relativePath: string; text: string }> {
  return sourceFiles()
    .map((file) => ({ relativePath: path.relative(repoRoot, file).split(path.sep).join('/'), file }))
    .filter(({ relativePath }) => !relativePath.endsWith('.test.ts') && !/\/(test-support|testing)\//.test(relativePath))
    .map(({ relativePath, file }) => ({ relativePath, text: readFileSync(file, 'utf8') }));
}

describe('error construction (issue 16)', () => {
  it('builds typed errors only in factory files (`*Errors.ts`), so each message has one home', () => {
    const sources = productionSources();
    const factories = sources.filter(({ relativePath, text }) => isFactoryFile(relativePath) && text.includes('new RecomputeError('));
    expect(factories.length).toBeGreaterThan(10);
    const inline = sources
      .filter(({ relativePath, text }) => !isFactoryFile(relativePath) && text.includes('new RecomputeError('))
      .map(({ relativePath }) => relativePath);
    expect(inline).toEqual([]);
  });

  it('throws no bare Error outside tests: a typed error, or assertInvariant for our own assumptions', () => {
    const bare = productionSources().flatMap(({ relativePath, text }) =>
      text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => /\bthrow new Error\(/.test(line))
        .map(({ index }) => `${relativePath}:${index + 1}`),
    );
    expect(bare).toEqual([]);
  });
});
