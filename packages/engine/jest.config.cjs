module.exports = require('../../tooling/jest/preset.cjs').jestProject(__dirname);
