import type { z } from 'zod';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every problem of an environment at once, by variable name; values are never echoed. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = Object.freeze(problems);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment once against a service's schema and freezes the result. An empty
 * variable counts as unset, so `PORT=` falls back to the default instead of failing as "".
 */
export function parseConfig<TSchema extends z.ZodType>(
  schema: TSchema,
  env: Env,
): Readonly<z.output<TSchema>> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = issue.path.map(String).join('.') || '(environment)';
        const unset = issue.code === 'invalid_type' && present[variable] === undefined;
        return { variable, message: unset ? 'required but not set' : issue.message };
      }),
    );
  }
  return Object.freeze(result.data);
}

/**
 * `parseConfig` for a process's entry point: on a bad environment it writes every problem to
 * stderr and exits with status 1, before anything else starts.
 */
export function loadConfig<TSchema extends z.ZodType>(
  schema: TSchema,
  env: Env = process.env,
): Readonly<z.output<TSchema>> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
