import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { Id } from '../../shared/validators.ts';
import { defineJob } from '../jobs/define-job.ts';
import { applyFeed, loadSubscription, recordFailure } from './refresh.ts';
import { allowsPrivateUrls, assertFeedUrl, isPrivateAddress } from './url-guard.ts';

/** A feed larger than this is refused (a year of a busy calendar is well under 1 MB). */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

/**
 * Fetches a subscribed calendar feed and applies it (refresh.ts): the side effect of POST
 * /api/calendar/subscriptions, of its refresh, and of its hourly schedule. A feed that cannot be fetched or
 * read is recorded on the subscription and not retried (the next scheduled run tries again); a failure of the
 * store throws, so the job is retried.
 */
export const refreshSubscriptionJob = defineJob({
  kind: 'calendar.refresh-subscription',
  payload: z.object({ subscriptionId: Id }),
  maxAttempts: 3,
  handler: async ({ payload, workspaceId, db, signal }) => {
    const id = payload.subscriptionId;
    const sub = await loadSubscription({ db, workspaceId, id });
    if (!sub) return;
    let text: string;
    try {
      text = await fetchFeed(sub.url, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      await recordFailure({ db, workspaceId, id, message: (error as Error).message });
      return;
    }
    await applyFeed({ db, workspaceId, id, text });
  },
});

/** GETs a feed, checking every address it (and each redirect) resolves to, and reads at most MAX_FEED_BYTES. */
async function fetchFeed(href: string, signal: AbortSignal): Promise<string> {
  let url = new URL(href);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    url = assertFeedUrl(url.href, 'url');
    await assertPublicHost(url.hostname.replace(/^\[|\]$/g, ''));
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'text/calendar, */*;q=0.5', 'user-agent': 'Kith calendar subscription' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the feed answered HTTP ${response.status}`);
    }
    return readText(response);
  }
  throw new Error(`the feed redirected more than ${MAX_REDIRECTS} times`);
}

/** Refuses a host that resolves to loopback or a private network, unless KITH_ALLOW_PRIVATE_URLS=1. */
async function assertPublicHost(host: string): Promise<void> {
  if (allowsPrivateUrls()) return;
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  if (addresses.some(isPrivateAddress)) {
    throw new Error(`${host} resolves to a loopback or private network address, which is not fetched`);
  }
}

async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  const pieces: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel();
      throw new Error(`the feed is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);
    }
    pieces.push(read.value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(pieces));
}
