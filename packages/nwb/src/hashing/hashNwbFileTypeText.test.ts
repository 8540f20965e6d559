import { copyFileSync } from 'node:fs';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { patchFirstByte } from '../test-support/patchFirstByte';
import { hashNwbFile } from './hashNwbFile';

// A group's digest holds `repr(child)` of each dataset, whose type text h5py gives also for types
// this hasher does not map (`|u1` for a 1-byte bitfield). Legacy mode hashes no dataset content,
// so a file whose uint8 dataset is turned into a bitfield (same properties, class 0 → 4) must
// keep its legacy digest: both reprs read `type "|u1"` in h5py 3.7. This used to print `"?"`.
/** The datatype message of h5wasm's uint8: version 1 class 0, little-endian unsigned, size 1, offset 0, precision 8. */
const UINT8_DATATYPE = String.fromCharCode(0x10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 8, 0);

const suiteFile = h5FilesForSuite('hash-type-text', (h5, dir) => {
  // Object header version 1 (libver earliest) has no checksum, so one byte can be patched.
  const f = new h5.File(`${dir}/uint8.h5`, 'w', { libver: ['earliest', 'v110'] });
  try {
    f.create_group('g').create_dataset({ name: 'bits', data: new Uint8Array([1, 2, 3]) });
  } finally {
    f.close();
  }
  copyFileSync(`${dir}/uint8.h5`, `${dir}/bitfield.h5`);
  patchFirstByte(`${dir}/bitfield.h5`, UINT8_DATATYPE, 0x14);
  // Class 2 (time): no text is known here for it.
  copyFileSync(`${dir}/uint8.h5`, `${dir}/time.h5`);
  patchFirstByte(`${dir}/time.h5`, UINT8_DATATYPE, 0x12);
});

describe("a group listing a dataset of a type whose values are not mapped shows h5py's type text", () => {
  it('a bitfield dataset: the legacy digest equals that of the same file with a uint8 dataset', async () => {
    const [uint8, bitfield] = [suiteFile('uint8.h5'), suiteFile('bitfield.h5')];
    const asUint8 = await hashNwbFile(uint8, { legacy: true, objects: true });
    const asBitfield = await hashNwbFile(bitfield, { legacy: true, objects: true });
    expect(asBitfield.objects).toEqual(asUint8.objects);
    expect(asBitfield.hash).toBe(asUint8.hash);
  });

  it.each([true, false])(
    'a dataset of a type whose text is unknown here is refused by name, not hashed with a guess (legacy %s)',
    async (legacy) => {
      await expect(hashNwbFile(suiteFile('time.h5'), { legacy })).rejects.toMatchObject({
        code: 'HASH_UNSUPPORTED_FILE',
        details: { object: 'g' },
        message: expect.stringContaining("cannot reproduce h5py's type text at 'g': child 'bits': HDF5 type class 2 (size 1)"),
      });
    },
  );

  it('current mode still refuses the bitfield dataset by name (its values are not mapped)', async () => {
    await expect(hashNwbFile(suiteFile('bitfield.h5'))).rejects.toMatchObject({
      code: 'HASH_UNSUPPORTED_OBJECT',
      message: expect.stringContaining("cannot hash object 'g/bits': unsupported datatype: HDF5 type class 4 (size 1)"),
    });
  });
});
