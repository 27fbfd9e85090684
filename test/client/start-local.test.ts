import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocal, type LocalStack } from '../../tools/start-local.js';
import { freePort } from '../../tools/dev-stack/free-port.js';
import { createDatabase } from '../../platform/prisma-client.js';

describe('npm start on a fresh machine', function () {
  this.timeout(240_000);
  let dataDir: string;
  let stack: LocalStack | undefined;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-start-'));
  });
  after(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reaches "sync finished" with the demo orders accepted and their stock recorded, and its Web UI answers', async () => {
    const lines: string[] = [];
    stack = await startLocal({
      env: {},
      dataDir,
      temporalPort: await freePort(),
      uiPort: await freePort(),
      postgresPort: await freePort(),
      feedPort: await freePort(),
      log: (line) => lines.push(line),
    });
    const uiLine = lines.find((l) => l.startsWith('Temporal Web UI: '));
    assert.equal(uiLine, `Temporal Web UI: ${stack.uiUrl}`);
    assert.ok(lines.some((l) => /^sync finished: 13 new orders, 12 accepted, 1 held/.test(l)), lines.join('\n'));

    const db = createDatabase(stack.databaseUrl, 2);
    try {
      const sales = await db.stockMovement.findMany({ where: { kind: 'SALE' } });
      assert.equal(new Set(sales.map((s) => s.orderId)).size, 12, 'each accepted order took its stock');
      const held = await db.kaspiOrder.findMany({ where: { syncState: 'HELD' } });
      assert.deepEqual(held.map((o) => o.holdReason), ['out of stock at PP1: SKU-VASE-XL needs 1, has 0']);
    } finally {
      await db.$disconnect();
    }

    const page = await fetch(stack.uiUrl!);
    assert.equal(page.status, 200);

    // The demo shop's price list, regenerated from the same ledger (the first version may still be on its way).
    const started = Date.now();
    let feed = await fetch(stack.priceListUrl!);
    while (feed.status === 503 && Date.now() - started < 30_000) feed = await new Promise((r) => setTimeout(r, 200)).then(() => fetch(stack!.priceListUrl!));
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /<kaspi_catalog xmlns="kaspiShopping"[\s\S]*<offer sku="SKU-TEA-001">/);
  });
});
