/**
 * The only module that loads h5wasm. h5wasm is ESM-only, so it is loaded with a dynamic
 * `import()` (kept as-is by TypeScript's node16 CommonJS output) and memoised per module
 * instance; every caller goes through {@link loadH5wasm} or {@link withH5File}.
 */
import path from 'node:path';
import type * as H5Module from 'h5wasm' with { 'resolution-mode': 'import' };

/** The h5wasm module namespace (high-level `File`, `Group`, `Dataset` API plus `Module`). */
export type H5Wasm = typeof H5Module;
export type H5File = H5Module.File;

let loading: Promise<H5Wasm> | undefined;

/** Folder of h5wasm-plugins' filter libraries (`libH5Zlzf.so`, …), a host path h5wasm/node reads directly. */
export function h5wasmPluginDirectory(): string {
  return path.join(path.dirname(require.resolve('h5wasm-plugins/package.json')), 'plugins');
}

/** Loads h5wasm for Node (host filesystem access), once per process/worker. */
export async function loadH5wasm(): Promise<H5Wasm> {
  loading ??= (async () => {
    const mod = (await import('h5wasm/node')) as unknown as H5Wasm;
    await mod.ready;
    // HDF5 only prints its errors by default; make failing calls throw so callers can
    // translate them (truncated files, missing objects) into typed errors.
    mod.Module.activate_throwing_error_handler();
    // Filters HDF5 does not build in (h5py's LZF above all, in many labs' older files) come
    // from h5wasm-plugins' wasm filter libraries; HDF5 loads one only when a chunk needs it.
    mod.Module.insert_plugin_search_path(h5wasmPluginDirectory(), 0);
    return mod;
  })();
  return loading;
}

/** Opens an HDF5 file by path, runs `fn`, and always closes the file. */
export async function withH5File<T>(filePath: string, mode: 'r' | 'w' | 'a', fn: (file: H5File) => Promise<T> | T): Promise<T> {
  const h5 = await loadH5wasm();
  const file = new h5.File(filePath, mode);
  try {
    return await fn(file);
  } finally {
    file.close();
  }
}
