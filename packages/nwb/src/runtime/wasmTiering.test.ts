import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { WASM_TIERING_BUDGET, raiseWasmTieringBudget } from './wasmTiering';

describe('raiseWasmTieringBudget', () => {
  it('sets the budget flag when the command line did not', () => {
    const set: string[] = [];
    expect(raiseWasmTieringBudget({ setFlags: (f) => set.push(f), execArgv: ['--max-old-space-size=4096'] })).toBe(true);
    expect(set).toEqual([`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`]);
  });

  it.each([['--wasm-tiering-budget=5'], ['--wasm_tiering_budget=5'], ['--wasm-tiering-budget']])(
    'leaves a budget given as %s alone',
    (arg) => {
      const set: string[] = [];
      expect(raiseWasmTieringBudget({ setFlags: (f) => set.push(f), execArgv: [arg] })).toBe(false);
      expect(set).toEqual([]);
    },
  );

  it('is accepted by this V8 at run time (wasm still compiles and runs afterwards)', () => {
    // A fresh process on the built module: flags are process-wide and jest's must stay untouched.
    const built = path.join(__dirname, '..', '..', 'dist', 'runtime', 'wasmTiering.js');
    const script = `
      if (!require(${JSON.stringify(built)}).raiseWasmTieringBudget()) throw new Error('not set');
      // (module (func (export "f") (result i32) i32.const 42))
      const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,42,11]);
      const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      process.stdout.write(String(exports.f()));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('42');
  });
});
