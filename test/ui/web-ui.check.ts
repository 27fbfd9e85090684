/**
 * `npm run check:ui`: the Temporal Web UI, in a real headless Chromium (Debian's `chromium` package), shows
 * what operators rely on after `npm start`: the sync schedule on the Schedules page, a finished sync with
 * its child order workflows, and an order's search attributes, found by searching for its order code.
 * Screenshots go to artifacts/ (kept as the run's artefacts, not in git). Not part of `npm test`: it needs
 * the browser and takes a minute.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { chromium, type Page } from 'playwright-core';
import { startLocal } from '../../tools/start-local.js';
import { freePort } from '../../tools/dev-stack/free-port.js';
import { WorkflowTypes } from '../../domain/temporal-names.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const UI_TIMEOUT_MS = 30_000;

Runtime.install({ logger: new DefaultLogger('ERROR') });
await mkdir(artifacts, { recursive: true });
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kaspi-sync-ui-check-'));
const stack = await startLocal({
  env: {},
  dataDir,
  temporalPort: await freePort(),
  uiPort: await freePort(),
  postgresPort: await freePort(),
  log: () => undefined,
});
const connection = await Connection.connect({ address: stack.temporalAddress });
const client = new Client({ connection, namespace: stack.namespace });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // Playwright gives each launch a fresh temporary profile (the --user-data-dir of a clean browser).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
page.setDefaultTimeout(UI_TIMEOUT_MS);
const ui = (route: string) => `${stack.uiUrl}/namespaces/${stack.namespace}${route}`;

let passed = 0;
let failed = 0;
async function check(name: string, screenshot: string, body: (page: Page) => Promise<void>): Promise<void> {
  try {
    await body(page);
    passed += 1;
    console.log(`  ✔ ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`  ✘ ${name}\n    ${(error as Error).message.split('\n').join('\n    ')}`);
  } finally {
    await page.screenshot({ path: path.join(artifacts, screenshot), fullPage: true }).catch(() => undefined);
  }
}

try {
  const sync = await firstWorkflow(`WorkflowType="${WorkflowTypes.orderSync}" AND ExecutionStatus="Completed"`);
  const children = await allWorkflows(`ParentWorkflowId="${sync.workflowId}"`);
  const accepted = await firstWorkflow(`ParentWorkflowId="${sync.workflowId}" AND KaspiOutcome="ACCEPTED"`);
  const orderCode = accepted.workflowId.replace(/^kaspi-order-/, '');
  console.log(`Web UI check against ${stack.uiUrl} (sync ${sync.workflowId}, ${children.length} orders)`);

  await check('the Schedules page lists the sync schedule', 'web-ui-schedules.png', async (p) => {
    await p.goto(ui('/schedules'));
    await p.getByText(stack.scheduleId, { exact: true }).first().waitFor();
  });

  await check('the finished sync is shown with its child order workflows', 'web-ui-sync-children.png', async (p) => {
    await p.goto(ui(`/workflows/${encodeURIComponent(sync.workflowId)}/${sync.runId}/relationships`));
    await p.getByText('COMPLETED').first().waitFor();
    await p.getByText(`kaspi-order-${orderCode}`, { exact: true }).first().waitFor();
    const body = await p.innerText('body');
    assert.match(body, /Scheduled By\s+kaspi-order-sync/);
    assert.match(body, new RegExp(`Child Count\\s+${children.length}`));
  });

  await check('searching KaspiOrderCode="<code>" finds the order, whose search attributes are shown', 'web-ui-order-search-attributes.png', async (p) => {
    await p.goto(ui(`/workflows?query=${encodeURIComponent(`KaspiOrderCode="${orderCode}"`)}`));
    await p.getByText(`kaspi-order-${orderCode}`, { exact: true }).first().click();
    await p.getByText('Search Attributes', { exact: true }).first().click();
    await p.getByText('KaspiOrderCode').first().waitFor();
    const body = await p.innerText('body');
    assert.match(body, new RegExp(`KaspiOrderCode[\\s\\S]{0,40}${orderCode}`));
    assert.match(body, /KaspiOutcome[\s\S]{0,40}ACCEPTED/);
    assert.match(body, /KaspiWarehouse[\s\S]{0,40}PP\d+/);
  });
} finally {
  await browser.close();
  await connection.close();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}

console.log(`web UI check: ${passed} passed, ${failed} failed (screenshots in artifacts/)`);
process.exit(failed === 0 ? 0 : 1);

async function allWorkflows(query: string) {
  const found = [];
  for await (const workflow of client.workflow.list({ query })) found.push(workflow);
  return found;
}

/** Visibility is eventually consistent: a just-finished workflow appears in searches a moment later. */
async function firstWorkflow(query: string) {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const [workflow] = await allWorkflows(query);
    if (workflow) return workflow;
    if (Date.now() > deadline) throw new Error(`no workflow matches ${query}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
