import { dataJointKeyHash } from './dataJointKeyHash';

// Expected values come from DataJoint's own definition run in Python:
//   h = hashlib.md5(); [h.update(str(v).encode()) for k, v in sorted(key.items())]; h.hexdigest()
describe('dataJointKeyHash', () => {
  it("renders booleans as Python's False/True and hashes values in sorted field order", () => {
    expect(dataJointKeyHash({ sort_group_id: 0, nwb_file_name: 'rat01_.nwb', flag: false })).toBe('f57ae19d0be723ec79719b37f365a0ec');
    expect(dataJointKeyHash({ b: true, a: 'é' })).toBe('41155eb593c38b0b54a64eed1ce2477d');
  });
});
