import { createHash } from 'node:crypto';
import { dataJointKeyHash } from './dataJointKeyHash';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('dataJointKeyHash (DataJoint hash.key_hash)', () => {
  it('hashes str(value) in sorted-field order, as for a v1 recompute key', () => {
    const key = { recording_id: 'a2ed3f38-d5bd-5f7b-b068-613af6364bcb', env_id: 'root_spyglass_00', rounding: 4 };
    expect(dataJointKeyHash(key)).toBe(md5('root_spyglass_00' + 'a2ed3f38-d5bd-5f7b-b068-613af6364bcb' + '4'));
  });

  it('prints booleans as Python does', () => {
    expect(dataJointKeyHash({ flag: true, other: false })).toBe(md5('TrueFalse'));
  });
});
