#!/usr/bin/env node
// The package bin (`kaspi-sync <command>`): compiles TypeScript on the fly with tsx, as `npm run cli` does.
import { register } from 'tsx/esm/api';

register();
const { cliMain } = await import('./cli.ts');
await cliMain(process.argv.slice(2));
