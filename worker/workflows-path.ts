import { fileURLToPath } from 'node:url';

/** Entry module of all workflow code, for the worker's bundler. */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
