/** A workflow result, or undefined once `ms` have passed (the caller then terminates the run). */
export async function resultWithin<T>(result: Promise<T>, ms: number): Promise<T | undefined> {
  // After the cap the run is terminated and its result rejects; nobody waits for it any more.
  result.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([result, cap]);
  } finally {
    clearTimeout(timer);
  }
}
