/**
 * The worker's start-up check of search attributes, against the real dev server: the namespace the dev server
 * prepared has them all; a namespace registered without them is refused, naming each one and how to add it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { checkSearchAttributes, MissingSearchAttributesError } from '../../worker/search-attributes-check.js';
import { sharedTemporal, workerConnection } from '../support/infrastructure.js';
import { waitFor } from '../support/wait-for.js';
import { temporalCli } from '../client/cli-runner.js';

describe('worker start-up: search attributes on the namespace', function () {
  this.timeout(60_000);

  it('passes on a namespace that has every attribute the workflows set', async () => {
    const server = await sharedTemporal();
    assert.deepEqual(await checkSearchAttributes(await workerConnection(), server.namespace), { checked: true });
  });

  it('refuses a namespace without them, naming each missing attribute and the command that registers it', async () => {
    const connection = await workerConnection();
    const namespace = `bare-${randomUUID().slice(0, 8)}`;
    await temporalCli((await sharedTemporal()).address, 'operator', 'namespace', 'create', '--namespace', namespace);
    const error = await waitFor(async () => {
      try {
        await checkSearchAttributes(connection, namespace);
        return undefined;
      } catch (caught) {
        // Right after registration the namespace may not be visible yet; only the real refusal counts.
        return caught instanceof MissingSearchAttributesError ? caught : undefined;
      }
    }, 30_000, 500);
    for (const name of ['KaspiOrderCode', 'KaspiWarehouse', 'KaspiOutcome', 'KaspiSyncHealth']) {
      assert.match(error.message, new RegExp(`temporal operator search-attribute create --namespace ${namespace} --name ${name} --type Keyword`));
    }
  });
});
