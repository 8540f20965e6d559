import { FileByteSource, LayoutUnsupported } from './byteSource';
import { locatePlainDatasets } from './locatePlainDatasets';
import { PlainRowReader } from './rowBlocks';

/** A dataset open for direct row reads; close it when done. */
export interface OpenPlainDataset {
  reader: PlainRowReader;
  close(): void;
}

/**
 * Opens dataset `datasetPath` (e.g. `acquisition/e-series/data`, no leading slash needed)
 * of `filePath` for row reads straight from the file, or returns undefined when the layout
 * parser does not handle it (filters, big-endian, unsupported structures) — the caller
 * then reads through h5wasm. Callers should still check shape and dtype against h5wasm.
 */
export function openPlainDataset(filePath: string, datasetPath: string): OpenPlainDataset | undefined {
  const wanted = datasetPath.replace(/^\/+/, '');
  let src: FileByteSource | undefined;
  try {
    src = FileByteSource.open(filePath);
    const dataset = locatePlainDatasets(src, { minBytes: 0 }).find((d) => d.path === wanted);
    if (dataset === undefined) {
      src.close();
      return undefined;
    }
    const opened = src;
    return { reader: new PlainRowReader(opened, dataset), close: () => opened.close() };
  } catch (error) {
    src?.close();
    if (error instanceof LayoutUnsupported) return undefined;
    throw error;
  }
}
