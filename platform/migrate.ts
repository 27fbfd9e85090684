// `npm run db:migrate`: brings the database named by DB_URL (or DATABASE_URL) to the current schema.
import { applyMigrations } from './migrations.js';
import { databaseUrlFromEnv } from './database-url.js';

const url = databaseUrlFromEnv();
if (!url) {
  console.error('DB_URL is not set. Set DB_URL (or DATABASE_URL) to postgresql://user:password@host:5432/database.');
  process.exit(2);
}
try {
  process.stdout.write(await applyMigrations(url));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
