#!/usr/bin/env node
// Production entry point of the `recompute` CLI (runs the compiled commands in ../dist).
// Before any wasm is compiled: a larger wasm tiering budget keeps V8 from re-optimising
// h5wasm's run-once start-up code on the cores md5 and the filters need (see core's
// runtime/wasmTiering).
require('@spyglass-recompute/nwb').raiseWasmTieringBudget();
require('@oclif/core/execute').execute({ dir: __dirname });
