/**
 * Where the database is. The seed called it DB_URL; DATABASE_URL (Prisma's usual name) is accepted too.
 * The seed used SQLAlchemy's async driver spelling (postgresql+asyncpg://); that prefix is normalised
 * so merchants can keep their existing secret.
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.DB_URL?.trim() || env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  return raw.replace(/^postgres(ql)?\+\w+:\/\//, 'postgresql://');
}
