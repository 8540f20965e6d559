#!/usr/bin/env node
// Production entry point of the `recompute` CLI (runs the compiled commands in ../dist).
require('@oclif/core').execute({ dir: __dirname });
