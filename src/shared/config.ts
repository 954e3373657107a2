import { z } from 'zod';

/** Addresses proxy-addr (Fastify's trustProxy) knows by name. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'] as const;

const ProxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(NAMED_RANGES)], {
  error: `each entry must be an IP address, a CIDR range or one of ${NAMED_RANGES.join(', ')}`,
});

/**
 * Which peers may set X-Forwarded-For/-Proto/-Host, as Fastify's trustProxy: a comma-separated list of
 * addresses and CIDR ranges, or `true` or a hop count (the nearest N hops), which believe any peer and so
 * suit only a server that nothing but its proxies can reach. Unset, `false` or `0` trusts none.
 */
const TrustProxyInput = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): boolean | number | string[] => {
    if (value === undefined || value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops === 0) return false;
      if (hops <= 100) return hops;
      ctx.addIssue({ code: 'custom', message: 'a hop count must be between 0 and 100' });
      return z.NEVER;
    }
    const entries = value.split(',').map((entry) => entry.trim());
    for (const entry of entries) {
      const parsed = ProxyAddress.safeParse(entry);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `"${entry}": ${parsed.error.issues[0]?.message}` });
        return z.NEVER;
      }
    }
    return entries;
  });

/** The address people open Kith at, as an origin: https://crm.example.com (a path is not supported). */
const PublicUrlInput = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://crm.example.com' })
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined) return null;
    const url = new URL(value);
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an origin only, such as https://crm.example.com (no path, query or credentials)',
      });
      return z.NEVER;
    }
    return url.origin;
  });

const ConfigInput = z.object({
  DATABASE_URL: z.string().url().optional(),
  KITH_DATA_DIR: z.string().min(1).default('./.kith-data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Shows the demo login on the sign-in page and in the start-up banner. */
  KITH_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  KITH_PUBLIC_URL: PublicUrlInput,
  KITH_TRUST_PROXY: TrustProxyInput,
  /** When set, GET /metrics answers only with this bearer token. */
  KITH_METRICS_TOKEN: z
    .string()
    .min(16, { error: 'must be at least 16 characters' })
    .regex(/^\S+$/, { error: 'must not contain spaces' })
    .optional(),
  /** Seals mailbox passwords (AES-256-GCM); the same on every server and worker. */
  KITH_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** How far back a mailbox's first sync reads. */
  KITH_SYNC_BACKFILL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** How often every mailbox is synced, in minutes. */
  KITH_SYNC_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  /**
   * How long one attempt at sending an email owns it (outbox/send.ts): its SMTP exchange must end within
   * three quarters of this, and no other attempt touches the email before it has passed.
   */
  KITH_SEND_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  /** The port of the BCC/forward dropbox's SMTP receiver; off when unset. */
  KITH_INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The domain of dropbox addresses (else the host of KITH_PUBLIC_URL, else HOST). */
  KITH_INBOUND_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, { error: 'must be a domain name such as in.example.com' })
    .optional(),
});

/** Which peers the server believes about X-Forwarded-* (Fastify's trustProxy). */
export type TrustProxy = z.output<typeof TrustProxyInput>;

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof ConfigInput>['LOG_LEVEL'];
  demo: boolean;
  /** The origin people open Kith at (KITH_PUBLIC_URL), or null when it is not configured. */
  publicUrl: string | null;
  trustProxy: TrustProxy;
  metricsToken: string | undefined;
  secret: string | undefined;
  syncBackfillDays: number;
  syncMinutes: number;
  /** One send attempt's lease on its email, in milliseconds (KITH_SEND_LEASE_SECONDS). */
  sendLeaseMs: number;
  /** The dropbox receiver's port, or null when it is off. */
  inboundSmtpPort: number | null;
  /** The domain of dropbox addresses. */
  inboundDomain: string;
};

/** Reads the environment once, naming the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigInput.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.KITH_DATA_DIR,
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    demo: c.KITH_DEMO,
    publicUrl: c.KITH_PUBLIC_URL,
    trustProxy: c.KITH_TRUST_PROXY,
    metricsToken: c.KITH_METRICS_TOKEN,
    secret: c.KITH_SECRET,
    syncBackfillDays: c.KITH_SYNC_BACKFILL_DAYS,
    syncMinutes: c.KITH_SYNC_MINUTES,
    sendLeaseMs: c.KITH_SEND_LEASE_SECONDS * 1000,
    inboundSmtpPort: c.KITH_INBOUND_SMTP_PORT ?? null,
    inboundDomain: (
      c.KITH_INBOUND_DOMAIN ?? (c.KITH_PUBLIC_URL ? new URL(c.KITH_PUBLIC_URL).hostname : c.HOST)
    ).toLowerCase(),
  };
}
