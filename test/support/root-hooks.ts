// Mocha root hooks: install the Temporal runtime once (it may be installed only once per process) and
// stop the shared servers after the last suite.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { stopInfrastructure } from './infrastructure.js';

Runtime.install({ logger: new DefaultLogger('WARN') });

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopInfrastructure();
  },
};
