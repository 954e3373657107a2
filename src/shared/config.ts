import { z } from 'zod';

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
  /** When set, GET /metrics answers only with this bearer token. */
  KITH_METRICS_TOKEN: z
    .string()
    .min(16, { error: 'must be at least 16 characters' })
    .regex(/^\S+$/, { error: 'must not contain spaces' })
    .optional(),
});

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof ConfigInput>['LOG_LEVEL'];
  demo: boolean;
  metricsToken: string | undefined;
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
    metricsToken: c.KITH_METRICS_TOKEN,
  };
}
