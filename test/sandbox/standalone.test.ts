import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('Standalone sandbox (npm run sandbox)', function () {
  this.timeout(20_000);
  let child: ChildProcess;
  let env: Record<string, string>;

  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'tools/sandbox/main.ts', '--port', '0', '--orders', '130', '--seed', '7'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    env = {};
    const lines = createInterface({ input: child.stdout! });
    for await (const line of lines) {
      const [key, ...value] = line.split('=');
      env[key] = value.join('=');
      if (Object.keys(env).length === 2) break;
    }
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('prints exactly KASPI_API_URL (the orders URL) and KASPI_AUTH_TOKEN', () => {
    assert.deepEqual(Object.keys(env), ['KASPI_API_URL', 'KASPI_AUTH_TOKEN']);
    assert.match(env.KASPI_API_URL, /^http:\/\/127\.0\.0\.1:\d+\/shop\/api\/v2\/orders$/);
    assert.equal(env.KASPI_AUTH_TOKEN, 'sandbox-token');
  });

  it('serves its generated orders to a plain fetch using Kaspi’s own query syntax', async () => {
    const since = Date.now() - 14 * 24 * 60 * 60 * 1000 + 60_000;
    const headers = {
      'X-Auth-Token': env.KASPI_AUTH_TOKEN,
      'Content-Type': 'application/vnd.api+json',
      Accept: 'application/vnd.api+json',
      'User-Agent': 'plain-fetch/1.0',
    };
    const codes: string[] = [];
    for (let page = 0; page < 2; page += 1) {
      const url = `${env.KASPI_API_URL}?page[number]=${page}&page[size]=100&filter[orders][state]=NEW&filter[orders][status]=APPROVED_BY_BANK&filter[orders][creationDate][$ge]=${since}`;
      const response = await fetch(url, { headers });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { data: Array<{ attributes: { code: string } }>; meta: { pageCount: number; totalCount: number } };
      assert.deepEqual(body.meta, { pageCount: 2, totalCount: 130 });
      codes.push(...body.data.map((order) => order.attributes.code));
    }
    assert.equal(new Set(codes).size, 130);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
