import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A column value of a `mariadb-dump --hex-blob --skip-extended-insert` INSERT. */
export type DumpValue = null | string | number | Uint8Array;

/** One `INSERT INTO` row of a dump, with the schema it was inserted into. */
export interface DumpRow {
  schema: string;
  table: string;
  values: DumpValue[];
}

/** The Spyglass database fixture (`shared/fixtures/spyglass-db/short.sql`), read in place. */
export const spyglassDumpPath = path.resolve(__dirname, '../../../../../shared/fixtures/spyglass-db/short.sql');

/**
 * Every row of a mysqldump/mariadb-dump with one INSERT per row and binary columns as `0x…`
 * hex (the fixture's format). Strings are unescaped; numbers stay numbers.
 */
export function parseDumpInserts(sql: string = readFileSync(spyglassDumpPath, 'utf8')): DumpRow[] {
  const rows: DumpRow[] = [];
  let schema = '';
  for (const line of sql.split('\n')) {
    const use = /^USE `([^`]+)`;$/.exec(line);
    if (use) schema = use[1]!;
    const insert = /^INSERT INTO `([^`]+)` VALUES \((.*)\);$/.exec(line);
    if (insert) rows.push({ schema, table: insert[1]!, values: parseValues(insert[2]!) });
  }
  return rows;
}

function parseValues(text: string): DumpValue[] {
  const values: DumpValue[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] === "'") {
      let out = '';
      index++;
      while (text[index] !== "'") {
        if (text[index] === '\\') {
          const escaped = text[index + 1]!;
          out += ({ n: '\n', r: '\r', t: '\t', '0': '\0', Z: '\x1a' } as Record<string, string>)[escaped] ?? escaped;
          index += 2;
        } else out += text[index++];
      }
      index++;
      values.push(out);
    } else {
      const end = text.indexOf(',', index) === -1 ? text.length : text.indexOf(',', index);
      const token = text.slice(index, end);
      index = end;
      if (token === 'NULL') values.push(null);
      else if (token.startsWith('0x')) values.push(Uint8Array.from(Buffer.from(token.slice(2), 'hex')));
      else values.push(Number(token));
    }
    if (text[index] === ',') index++;
  }
  return values;
}
