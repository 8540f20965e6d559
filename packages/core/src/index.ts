export { loadH5wasm, withH5File } from './h5/h5wasm';
export type { H5File, H5Wasm } from './h5/h5wasm';
export { pythonFloatRepr, pythonFloat32Repr, pythonFloat16Repr, roundToFloat16 } from './python-format/pythonFloatRepr';
export { PyFloat, pyFloat } from './python-format/PyFloat';
export type { PyJsonValue, PyJsonObject } from './python-format/PyFloat';
export { parsePythonJson } from './python-format/parsePythonJson';
export type { ParsePythonJsonOptions } from './python-format/parsePythonJson';
export { dumpPythonJson, pythonJsonString, compareCodePoints } from './python-format/dumpPythonJson';
export type { DumpPythonJsonOptions } from './python-format/dumpPythonJson';
