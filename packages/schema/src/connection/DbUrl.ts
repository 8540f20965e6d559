/** The database schemes a URL may name; each picks one MikroORM driver. */
export const DB_SCHEMES = ['mysql', 'mariadb', 'sqlite'] as const;
export type DbScheme = (typeof DB_SCHEMES)[number];

/** A parsed `RECOMPUTE_DB_URL`. */
export type DbUrl =
  | {
      /** `mysql` → `@mikro-orm/mysql` (mysql2), `mariadb` → `@mikro-orm/mariadb`. */
      scheme: 'mysql' | 'mariadb';
      host: string;
      port: number;
      user: string;
      /** Empty string when the URL has none. Never log it. */
      password: string;
      dbName: string;
    }
  | {
      scheme: 'sqlite';
      /** Absolute file path, or `:memory:`. */
      path: string;
    };
