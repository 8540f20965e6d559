// Writes an NWB-like HDF5 file for the hash benchmark: int16 ElectricalSeries data
// (samples × channels, chunked 16384 × channels) plus float64 timestamps, like the file
// behind shared/fixtures/timing-reference.json (282 MB). Uses h5wasm (no Python).
import h5wasm from 'h5wasm/node';

/**
 * @param {string} filePath output path
 * @param {{samples?: number, channels?: number, chunkRows?: number}} [options]
 */
export async function makeBenchFile(filePath, { samples = 3_900_000, channels = 32, chunkRows = 16384 } = {}) {
  await h5wasm.ready;
  const f = new h5wasm.File(filePath, 'w');
  try {
    f.create_attribute('nwb_version', '2.6.0');
    const acq = f.create_group('acquisition');
    const es = acq.create_group('e-series');
    es.create_attribute('neurodata_type', 'ElectricalSeries');
    es.create_attribute('namespace', 'core');
    const batchRows = chunkRows * 16;
    const data = es.create_dataset({
      name: 'data',
      data: new Int16Array(batchRows * channels),
      shape: [batchRows, channels],
      maxshape: [null, channels],
      chunks: [chunkRows, channels],
    });
    data.create_attribute('conversion', 1.95e-7);
    data.create_attribute('unit', 'volts');
    const ts = es.create_dataset({
      name: 'timestamps',
      data: new Float64Array(batchRows),
      shape: [batchRows],
      maxshape: [null],
      chunks: [chunkRows * 4],
    });
    data.resize([samples, channels]);
    ts.resize([samples]);
    // Deterministic pseudo-signal: a cheap LCG, so the file content is reproducible.
    let state = 12345;
    for (let start = 0; start < samples; start += batchRows) {
      const rows = Math.min(batchRows, samples - start);
      const block = new Int16Array(rows * channels);
      for (let i = 0; i < block.length; i += 1) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        block[i] = (state >>> 16) - 32768;
      }
      data.write_slice([[start, start + rows], []], block);
      const t = new Float64Array(rows);
      for (let i = 0; i < rows; i += 1) t[i] = 1687429800 + (start + i) / 30000;
      ts.write_slice([[start, start + rows]], t);
    }
  } finally {
    f.close();
  }
}
