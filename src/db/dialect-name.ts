/** The SQL databases the app runs on: embedded SQLite by default, PostgreSQL by DATABASE_URL. */
export type DialectName = 'sqlite' | 'postgres';
