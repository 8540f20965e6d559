import { Cursor, ensure, type ByteSource } from './byteSource';
import { walkBtreeV1 } from './btreeV1';
import { decodeLink, decodeLinkInfo, decodeSymbolTable, type GroupLink } from './messages';
import { MessageType, type HeaderMessage, type Superblock } from './objectHeader';

const MAX_LINKS = 1_000_000;

/**
 * Links of a group from its header messages: old-style symbol tables (v1 B-tree + local
 * heap), compact link messages, or dense storage (fractal heap indexed by a v2 B-tree).
 * Returns undefined when the object is not a group.
 */
export function readGroupLinks(src: ByteSource, sb: Superblock, messages: HeaderMessage[]): GroupLink[] | undefined {
  const symbolTable = messages.find((m) => m.type === MessageType.symbolTable);
  if (symbolTable !== undefined) return symbolTableLinks(src, sb, decodeSymbolTable(symbolTable.data, sb));
  const linkInfo = messages.find((m) => m.type === MessageType.linkInfo);
  if (linkInfo === undefined) return undefined;
  const compact = messages.filter((m) => m.type === MessageType.link).map((m) => decodeLink(m.data, sb));
  const { heapAddress, nameIndexAddress } = decodeLinkInfo(linkInfo.data, sb);
  if (heapAddress === undefined) return compact;
  ensure(nameIndexAddress !== undefined, 'dense links without a name index');
  return [...compact, ...denseLinks(src, sb, heapAddress, nameIndexAddress)];
}

// ---- old-style groups ------------------------------------------------------------------

// ignoreBOM: a name's bytes as stored (a leading U+FEFF is part of the name, as h5py reads it).
const linkNameUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function symbolTableLinks(src: ByteSource, sb: Superblock, table: { btreeAddress: number; heapAddress: number }): GroupLink[] {
  const heap = new Cursor(src.read(table.heapAddress, 8 + 2 * sb.lengthSize + sb.offsetSize));
  heap.signature('HEAP');
  heap.skip(4); // version, reserved
  const heapSize = heap.uint(sb.lengthSize);
  heap.skip(sb.lengthSize); // free list head
  const heapData = src.read(sb.base + heap.uint(sb.offsetSize), heapSize);
  const links: GroupLink[] = [];
  for (const snod of groupBtreeLeaves(src, sb, table.btreeAddress)) {
    const head = new Cursor(src.read(snod, 8));
    head.signature('SNOD');
    head.skip(2);
    const count = head.u16();
    const entrySize = 2 * sb.offsetSize + 24;
    const c = new Cursor(src.read(snod + 8, count * entrySize));
    for (let i = 0; i < count; i += 1) {
      const nameOffset = c.uint(sb.offsetSize);
      const address = c.uintOrUndefined(sb.offsetSize);
      const cacheType = c.u32();
      c.skip(20);
      const end = heapData.indexOf(0, nameOffset);
      ensure(nameOffset < heapData.length && end >= 0, 'symbol name outside the local heap');
      const name = linkNameUtf8.decode(heapData.subarray(nameOffset, end));
      links.push({ name, address: cacheType === 2 || address === undefined ? undefined : sb.base + address });
      ensure(links.length <= MAX_LINKS, 'too many links');
    }
  }
  return links;
}

/** Symbol table node addresses under a group B-tree (v1, node type 0; keys are heap offsets). */
function groupBtreeLeaves(src: ByteSource, sb: Superblock, root: number): number[] {
  const out: number[] = [];
  walkBtreeV1(src, sb, root, 0, sb.lengthSize, (_entries, _keyOffset, child) => out.push(child));
  return out;
}

// ---- dense link storage ----------------------------------------------------------------

interface FractalHeap {
  /** Direct blocks by heap-space offset. */
  blocks: { offset: number; address: number; size: number }[];
  offsetBytes: number;
  lengthBytes: number;
}

function bitLength(n: number): number {
  return n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

function readFractalHeap(src: ByteSource, sb: Superblock, address: number): FractalHeap {
  const O = sb.offsetSize;
  const L = sb.lengthSize;
  const c = new Cursor(src.read(address, Math.min(src.size - address, 4 + 1 + 2 + 2 + 1 + 4 + 12 * L + 3 * O + 2 + 2 + 2 + 2 + 64)));
  c.signature('FRHP');
  ensure(c.u8() === 0, 'fractal heap version');
  c.skip(2); // heap id length
  ensure(c.u16() === 0, 'filtered fractal heap');
  const flags = c.u8();
  const maxManagedObject = c.u32();
  c.skip(L + O + L + O + 8 * L); // huge/free-space/managed/tiny object bookkeeping
  const tableWidth = c.u16();
  const startBlock = c.uint(L);
  const maxDirectBlock = c.uint(L);
  const maxHeapBits = c.u16();
  c.skip(2); // starting rows in the root indirect block
  const root = c.uintOrUndefined(O);
  const rootRows = c.u16();
  ensure(tableWidth > 0 && startBlock > 0 && maxDirectBlock >= startBlock && maxHeapBits > 0 && maxHeapBits <= 64, 'fractal heap geometry');
  const offsetBytes = Math.ceil(maxHeapBits / 8);
  const lengthBytes = Math.min(Math.ceil(Math.log2(maxDirectBlock) / 8), Math.floor((bitLength(maxManagedObject) - 1) / 8) + 1);
  const checksummed = (flags & 0x02) !== 0;
  const blocks: FractalHeap['blocks'] = [];
  const directHeader = 5 + O + offsetBytes + (checksummed ? 4 : 0);
  const addDirect = (blockAddress: number, size: number): void => {
    const d = new Cursor(src.read(blockAddress, directHeader));
    d.signature('FHDB');
    d.skip(1 + O);
    blocks.push({ offset: d.uint(offsetBytes), address: blockAddress, size });
  };
  if (root === undefined) return { blocks, offsetBytes, lengthBytes };
  if (rootRows === 0) {
    addDirect(sb.base + root, startBlock);
    return { blocks, offsetBytes, lengthBytes };
  }
  // Root indirect block: rows of direct blocks (deeper indirect blocks are not followed).
  const maxDirectRows = Math.log2(maxDirectBlock) - Math.log2(startBlock) + 2;
  ensure(Number.isInteger(maxDirectRows) && rootRows <= maxDirectRows, 'fractal heap with nested indirect blocks');
  const ib = new Cursor(src.read(sb.base + root, 5 + O + offsetBytes + rootRows * tableWidth * O));
  ib.signature('FHIB');
  ib.skip(1 + O + offsetBytes);
  for (let row = 0; row < rootRows; row += 1) {
    const size = row < 2 ? startBlock : startBlock * 2 ** (row - 1);
    for (let col = 0; col < tableWidth; col += 1) {
      const child = ib.uintOrUndefined(O);
      if (child !== undefined) addDirect(sb.base + child, size);
    }
  }
  return { blocks, offsetBytes, lengthBytes };
}

function heapObject(src: ByteSource, heap: FractalHeap, heapId: Uint8Array): Uint8Array {
  const c = new Cursor(heapId);
  const kind = c.u8();
  ensure((kind & 0xf0) === 0, 'only managed fractal heap objects are supported');
  const offset = c.uint(heap.offsetBytes);
  const length = c.uint(heap.lengthBytes);
  const block = heap.blocks.find((b) => offset >= b.offset && offset + length <= b.offset + b.size);
  ensure(block !== undefined, 'heap object outside the known direct blocks');
  return src.read(block.address + (offset - block.offset), length);
}

function denseLinks(src: ByteSource, sb: Superblock, heapAddress: number, nameIndexAddress: number): GroupLink[] {
  const heap = readFractalHeap(src, sb, heapAddress);
  const h = new Cursor(src.read(nameIndexAddress, 4 + 1 + 1 + 4 + 2 + 2 + 2 + sb.offsetSize + 2));
  h.signature('BTHD');
  ensure(h.u8() === 0, 'v2 B-tree version');
  ensure(h.u8() === 5, 'link name index type');
  h.skip(4); // node size
  const recordSize = h.u16();
  const depth = h.u16();
  h.skip(2);
  const root = h.uintOrUndefined(sb.offsetSize);
  const count = h.u16();
  if (root === undefined || count === 0) return [];
  ensure(depth === 0, 'link name index deeper than one node');
  ensure(recordSize >= 5, 'link name record size');
  const leaf = new Cursor(src.read(sb.base + root, 6 + count * recordSize));
  leaf.signature('BTLF');
  leaf.skip(2);
  const links: GroupLink[] = [];
  for (let i = 0; i < count; i += 1) {
    leaf.skip(4); // name hash
    links.push(decodeLink(heapObject(src, heap, leaf.take(recordSize - 4)), sb));
  }
  return links;
}
