export { loadH5wasm, withH5File } from './h5/h5wasm';
export type { H5File, H5Wasm } from './h5/h5wasm';
