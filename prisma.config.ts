// Prisma CLI configuration: the WASM schema engine drives PostgreSQL through a JS driver adapter, so no
// native engine is downloaded (these machines cannot reach Prisma's download host).
import { defineConfig } from 'prisma/config';
import { createMigrationAdapter } from './prisma/migration-adapter.js';
import { databaseUrlFromEnv } from './platform/database-url.js';

process.env.CHECKPOINT_DISABLE ??= '1';

// Used only when neither DB_URL nor DATABASE_URL is set; `prisma generate` needs no database at all.
const LOCAL_FALLBACK_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/kaspi_sync';

const databaseUrl = databaseUrlFromEnv() ?? LOCAL_FALLBACK_URL;
// The schema's datasource reads DATABASE_URL; left unresolved, the CLI would fall back to the native engine.
process.env.DATABASE_URL = databaseUrl;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => createMigrationAdapter(databaseUrl),
});
