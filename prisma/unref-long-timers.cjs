// Preloaded into the Prisma CLI by platform/migrations.ts: the WASM schema engine leaves a 10-second timer
// running after its work is done, which would hold every migrate command open for 10 s.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, delay, ...args) {
  const timer = originalSetTimeout(callback, delay, ...args);
  if (delay >= 10000 && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
