// The jest transform of the TypeScript sources and tests: @swc/jest (see preset.cjs), plus one
// line per module that binds the standard built-ins (Math, Number, the typed arrays, …) to
// module-local constants.
//
// Why: jest runs every test file in a `vm` context, and on Node 20 each access to a global of a
// vm context goes through the context's property interceptor: `Math.imul(a, b)` in a hot loop
// costs ~150 ns instead of ~2 ns, and the optimising compiler cannot inline it. Our numeric code
// (synthetic traces, filters, rounding, hashing) then runs 20-200x slower under jest than in
// production: synthesizeTraces for 1 s of one tetrode takes 230 ms in a test, 7 ms in node.
// A module-local `const { Math } = globalThis` is read through the interceptor once per module
// load and is an ordinary constant afterwards. It is the same object, so nothing else changes:
// `jest.spyOn(Math, 'random')` still works (it patches the shared object). Only built-ins that
// jest and the tests never replace are bound: not Date, timers, performance, process or console,
// which fake timers and spies swap on the global itself.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Globals bound per module: pure built-ins, never reassigned on the global object. */
const BOUND_GLOBALS = [
  'Array',
  'ArrayBuffer',
  'Atomics',
  'BigInt',
  'BigInt64Array',
  'BigUint64Array',
  'Buffer',
  'DataView',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'Reflect',
  'Set',
  'SharedArrayBuffer',
  'String',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'WeakMap',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
];

/** The `"use strict";` directive swc puts first (possibly after a leading comment). */
const LEADING_DIRECTIVE = /^(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*(["'])use strict\1;/;

/**
 * Whether `code` may be given a module-local `const name`: only when every occurrence of the name
 * is a member access or a call (`Math.imul(`, `new Float64Array(`) and no declaration names it.
 * Any other occurrence — a declaration, a destructuring (`{ isFinite } = …`), an assignment
 * (`Map = …`), `x instanceof Map`, a mention in a comment — leaves the name alone: the check is
 * textual, so it errs on the side of not binding (that only costs speed), never of a clash
 * with a declaration or of assigning to the constant.
 */
function canBind(code, name) {
  if (!new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(code)) return false; // not used: nothing to bind
  if (new RegExp(`\\b(?:const|let|var|class|function)\\s+${name}\\b`).test(code)) return false;
  return !new RegExp(`(?<![\\w$.])${name}(?![\\w$])(?!\\s*[.(])`).test(code);
}

/**
 * `code` with a binding of every {@link BOUND_GLOBALS} name it may bind ({@link canBind}),
 * inserted after its "use strict" directive (or shebang line) on the same line, so the inline
 * source map's lines stay right.
 */
function bindGlobals(code) {
  const names = BOUND_GLOBALS.filter((name) => canBind(code, name));
  if (names.length === 0) return code;
  const binding = `const { ${names.join(', ')} } = globalThis;`;
  if (code.startsWith('#!')) {
    const lineEnd = code.indexOf('\n') + 1;
    return `${code.slice(0, lineEnd)}${binding} ${code.slice(lineEnd)}`;
  }
  const directive = LEADING_DIRECTIVE.exec(code);
  if (directive === null) return `${binding} ${code}`;
  const end = directive[0].length;
  return `${code.slice(0, end)} ${binding}${code.slice(end)}`;
}

/** This file's content, in the cache key: a change here recompiles every module. */
const ownHash = crypto.createHash('sha1').update(fs.readFileSync(__filename)).digest('hex');

module.exports = {
  /** @param {import('@swc/core').Options & { bindGlobalsOnly?: boolean }} swcOptions */
  createTransformer(swcOptions) {
    if (swcOptions?.bindGlobalsOnly) {
      return {
        process: (source) => ({ code: bindGlobals(source) }),
        getCacheKey: (source, filename) => crypto.createHash('sha1').update(source).update(filename).update(ownHash).digest('hex'),
      };
    }
    const swcJest = require(require.resolve('@swc/jest', { paths: [path.resolve(__dirname, '../..')] }));
    const swc = swcJest.createTransformer(swcOptions);
    return {
      canInstrument: swc.canInstrument,
      process(source, filename, options) {
        const result = swc.process(source, filename, options);
        return { ...result, code: bindGlobals(result.code) };
      },
      getCacheKey(source, filename, ...rest) {
        return crypto
          .createHash('sha1')
          .update(swc.getCacheKey(source, filename, ...rest))
          .update(ownHash)
          .digest('hex');
      },
    };
  },
  bindGlobals,
};
