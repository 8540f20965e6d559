import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { isSqlitePlatform } from '../types/UuidType';
import type { MigrationDialect } from './tableKit';

/** Which DDL flavour a migration must emit on this driver. */
export function migrationDialect(driver: AbstractSqlDriver): MigrationDialect {
  return isSqlitePlatform(driver.getPlatform()) ? 'sqlite' : 'mysql';
}
