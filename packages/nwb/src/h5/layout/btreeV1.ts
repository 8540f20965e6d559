import { Cursor, ensure, type ByteSource } from './byteSource';
import type { Superblock } from './objectHeader';

const MAX_DEPTH = 32;

/**
 * Walks a version-1 B-tree ("TREE" nodes: 0 = group nodes, 1 = raw-data chunk nodes) and
 * calls `onLeafEntry` for every child of a leaf node with the node's entry bytes, the offset
 * of the key to the child's left (`keySize` bytes, in bounds) and the child's absolute
 * address. Keys are handed over as offsets, not objects: a chunk index can hold hundreds of
 * thousands of them.
 */
export function walkBtreeV1(
  src: ByteSource,
  sb: Superblock,
  root: number,
  nodeType: 0 | 1,
  keySize: number,
  onLeafEntry: (entries: Uint8Array, keyOffset: number, child: number) => void,
): void {
  const seen = new Set<number>();
  const visit = (address: number, depth: number): void => {
    ensure(depth <= MAX_DEPTH && !seen.has(address), 'B-tree loop');
    seen.add(address);
    const head = new Cursor(src.read(address, 8 + 2 * sb.offsetSize));
    head.signature('TREE');
    ensure(head.u8() === nodeType, `B-tree node type (expected ${nodeType})`);
    const level = head.u8();
    const entries = head.u16();
    const c = new Cursor(src.read(address + head.pos + 2 * sb.offsetSize, entries * (keySize + sb.offsetSize) + keySize));
    for (let i = 0; i < entries; i += 1) {
      const keyOffset = c.pos;
      c.skip(keySize);
      const child = sb.base + c.uint(sb.offsetSize);
      if (level === 0) onLeafEntry(c.bytes, keyOffset, child);
      else visit(child, depth + 1);
    }
  };
  visit(root, 0);
}
