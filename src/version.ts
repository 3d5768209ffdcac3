/** vstor's version: written into every document it makes (test/fleet checks it against package.json). */
export const VERSION = '0.4.0';

/** The index's schema: the number of migrations in src/index/migrations.ts (test/architecture.test.ts checks it). */
export const INDEX_SCHEMA = 8;
