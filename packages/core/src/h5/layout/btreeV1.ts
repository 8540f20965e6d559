import { Cursor, ensure, type ByteSource } from './byteSource';
import type { Superblock } from './objectHeader';

const MAX_DEPTH = 32;

/**
 * Walks a version-1 B-tree ("TREE" nodes: 0 = group nodes, 1 = raw-data chunk nodes) and
 * calls `onLeafEntry` for every child of a leaf node with a cursor over the key to its
 * left (`keySize` bytes) and the child's absolute address.
 */
export function walkBtreeV1(
  src: ByteSource,
  sb: Superblock,
  root: number,
  nodeType: 0 | 1,
  keySize: number,
  onLeafEntry: (key: Cursor, child: number) => void,
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
      const key = new Cursor(c.take(keySize));
      const child = sb.base + c.uint(sb.offsetSize);
      if (level === 0) onLeafEntry(key, child);
      else visit(child, depth + 1);
    }
  };
  visit(root, 0);
}
