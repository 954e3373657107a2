/**
 * The first screen's API calls start in index.html, while this app's JavaScript is still downloading.
 * The API client's fetch takes each such response once, when it asks for the same URL, so the first
 * screen does not wait for script, then session check, then data, one after another.
 */
declare global {
  interface Window {
    __kithBoot?: Record<string, Promise<Response> | undefined>;
  }
}

const MAX_AGE_MS = 15_000;

/**
 * fetch, except that a GET the boot script already started is answered by that response (once). Any
 * other method (signing in or out, a change) may make them stale, so it drops them all.
 */
export const bootFetch: typeof fetch = (input, init) => {
  const boot = window.__kithBoot;
  const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
  if (boot && method !== 'GET') window.__kithBoot = undefined;
  if (boot && input instanceof Request && method === 'GET' && performance.now() < MAX_AGE_MS) {
    const url = new URL(input.url);
    const key = url.origin === location.origin ? url.pathname + url.search : null;
    const started = key ? boot[key] : undefined;
    if (key && started) {
      boot[key] = undefined;
      return started;
    }
  }
  return fetch(input, init);
};
