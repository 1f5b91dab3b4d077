import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

/** Variables whose values are never shown (errors, config reference). */
export const SECRET_NAME = /(SECRET|PASSWORD|TOKEN|API_KEYS?|PRIVATE)/i;
const MAX_SHOWN = 80;

function show(variable: string, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (SECRET_NAME.test(variable)) return '(redacted)';
  const json = JSON.stringify(value);
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}…"` : json;
}

/**
 * Builds the `loadConfig(env)` of one app or tool: the schema's keys are the environment
 * variable names. Parsing happens once at start-up; a bad or missing variable fails fast
 * with every problem listed, each naming the variable and the value it had.
 */
export function defineConfig<Shape extends z.ZodRawShape, Out>(
  scope: string,
  schema: z.ZodType<Out, z.input<z.ZodObject<Shape>>> & { shape: Shape },
): (env: Env) => Out {
  return (env) => {
    const input: Record<string, string | undefined> = {};
    for (const key of Object.keys(schema.shape)) {
      const raw = env[key];
      // An empty variable means "not set" (shells and compose files produce them often).
      input[key] = raw === '' ? undefined : raw;
    }
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    const issues: ConfigIssue[] = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(config)');
      return { variable, received: show(variable, input[variable]), message: issue.message };
    });
    throw new ConfigError(scope, issues);
  };
}
