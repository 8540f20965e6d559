import { Type } from '@mikro-orm/core';

/**
 * A boolean stored as Spyglass declares many flags: `enum('True','False')` (e.g. `Electrode.bad_channel`,
 * `Probe.contact_side_numbering`). Reads `'True'`/`'False'` (and 0/1, for tables declared as `bool`).
 */
export class DataJointEnumBoolType extends Type<boolean | null, string | null> {
  override convertToDatabaseValue(value: boolean | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    return value ? 'True' : 'False';
  }

  override convertToJSValue(value: string | number | boolean | null | undefined): boolean | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value === 'True' || value === '1';
    return Boolean(value);
  }

  override getColumnType(): string {
    return "enum('True','False')";
  }

  override compareAsType(): string {
    return 'boolean';
  }
}
