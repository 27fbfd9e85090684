// `npm run feed:serve`: serves the published price list to Kaspi (docs/operating.md, "Price list (stock feed)").
// Publishing is the worker's job; this process only reads price_list_versions, so it can run anywhere the
// database is reachable, as many times as needed.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, databaseUrlOrThrow } from '../platform/config.js';
import { feedServerSettingsFromEnv } from '../platform/feed-config.js';
import { createDatabase } from '../platform/prisma-client.js';
import { startFeedServer } from './feed-server.js';

async function main(): Promise<void> {
  const settings = feedServerSettingsFromEnv();
  const db = createDatabase(databaseUrlOrThrow(), 4);
  const server = await startFeedServer(db, settings);
  console.log(`kaspi-sync price list: ${server.url.replace(settings.path, `/<FEED_TOKEN>/kaspi.xml`)}${settings.basicAuth ? ' (basic auth)' : ''}`);
  const shutdown = () => {
    server.close().then(() => db.$disconnect()).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof ConfigurationError ? `Configuration error: ${error.message}` : error);
    process.exit(error instanceof ConfigurationError ? 3 : 1);
  });
}
