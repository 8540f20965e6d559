import { bufferToUuid, normalizeUuid, uuidToBuffer } from '../index';

describe('uuid helpers', () => {
  test('canonical form: lower case, hyphenated; 32-hex input gains hyphens', () => {
    expect(normalizeUuid(' 5F0C6A2E-1B7D-4C3E-9A8B-0123456789AB ')).toBe('5f0c6a2e-1b7d-4c3e-9a8b-0123456789ab');
    expect(normalizeUuid('5f0c6a2e1b7d4c3e9a8b0123456789ab')).toBe('5f0c6a2e-1b7d-4c3e-9a8b-0123456789ab');
  });

  test('16 bytes round-trip, in DataJoint byte order (the hex digits in order)', () => {
    const bytes = uuidToBuffer('00112233-4455-6677-8899-aabbccddeeff');
    expect([...bytes]).toEqual([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]);
    expect(bufferToUuid(bytes)).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });

  test.each(['', 'abc', '5f0c6a2e-1b7d-4c3e-9a8b-0123456789a', 'zf0c6a2e-1b7d-4c3e-9a8b-0123456789ab'])(
    '"%s" is rejected with UUID_INVALID',
    (value) => {
      expect(() => normalizeUuid(value)).toThrow(expect.objectContaining({ code: 'UUID_INVALID', exitCode: 2 }));
    },
  );
});
