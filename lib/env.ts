import { z } from 'zod';

// The only reader of process.env (STYLE.md rule 3). Parsed lazily so a CLI `--help` never fails on env.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TOILSCOPE_DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TOILSCOPE_AUTH: z.enum(['on', 'off']).optional(),
  TOILSCOPE_SECRET_KEY: z.string().optional(),
  TOILSCOPE_ALLOWED_HOSTS: z.string().optional(),
  JIRA_EMAIL: z.string().optional(),
  JIRA_API_TOKEN: z.string().optional(),
  JIRA_PAT: z.string().optional(),
  LINEAR_API_KEY: z.string().optional(),
  LINEAR_API_URL: z.string().url().default('https://api.linear.app/graphql'),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_API_URL: z.string().url().default('https://api.github.com'),
  CI: z.string().optional(),
  TOILSCOPE_DEBUG: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  // An empty variable (`DATABASE_URL=`) means "not set", as shells and .env files use it.
  const present = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new EnvError(`environment variable ${name}: ${issue?.message ?? 'invalid'}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests and the CLI, which set variables after start-up. */
export function resetEnvCache(): void {
  cached = undefined;
}
