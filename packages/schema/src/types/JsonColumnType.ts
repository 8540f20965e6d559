import { JsonType, type Platform, type TransformContext } from '@mikro-orm/core';

/**
 * JSON column that reads back the same value on every driver.
 *
 * `@mikro-orm/mysql` trusts mysql2 to parse JSON, which it does on MySQL 8 (native JSON type)
 * but not on MariaDB, where JSON is a LONGTEXT alias and arrives as a string. A string that
 * parses as a JSON object or array is therefore parsed here. Consequence: store objects or
 * arrays in JSON columns (every column of this schema does), not bare JSON strings.
 */
export class JsonColumnType extends JsonType {
  override convertToJSValue(value: unknown, platform: Platform, context?: TransformContext): unknown {
    const converted = super.convertToJSValue(value as string, platform, context);
    if (typeof converted === 'string' && /^\s*[[{]/.test(converted)) {
      try {
        return JSON.parse(converted);
      } catch {
        return converted;
      }
    }
    return converted;
  }
}
