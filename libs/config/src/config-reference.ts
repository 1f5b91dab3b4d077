import { z } from 'zod';
import { SECRET_NAME } from './load-config';

/** One environment variable a program reads, as its zod schema describes it. */
export interface ConfigVariable {
  variable: string;
  /** What a value looks like: `integer 1–65535`, `one of info, debug…`, `URI`, `string`. */
  accepts: string;
  /** The default as one would write it in the environment; null when there is none. */
  defaultValue: string | null;
  required: boolean;
  secret: boolean;
  description: string;
}

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  default?: unknown;
  description?: string;
};

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function accepts(field: JsonSchema): string {
  if (field.enum) return `one of ${field.enum.map(String).join(', ')}`;
  if (field.type === 'integer' || field.type === 'number') {
    const kind = field.type === 'integer' ? 'integer' : 'number';
    const low = field.exclusiveMinimum !== undefined ? `> ${field.exclusiveMinimum}` : field.minimum !== undefined ? `>= ${field.minimum}` : null;
    const high = field.maximum !== undefined && field.maximum < SAFE_MAX ? `<= ${field.maximum}` : null;
    return [kind, low, high].filter(Boolean).join(' ');
  }
  if (field.format === 'uri') return 'URL';
  if (field.pattern) return `string matching \`${field.pattern}\``;
  return field.minLength ? 'non-empty string' : 'string';
}

/**
 * The variables of a `defineConfig` schema, for `--config-reference` and the runbook: types,
 * defaults and descriptions all come from the schema, so the documentation cannot drift from it.
 */
export function describeConfig(schema: z.ZodObject): ConfigVariable[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([variable, field]) => {
    const secret = SECRET_NAME.test(variable);
    const defaultValue = field.default === undefined ? null : String(field.default);
    return {
      variable,
      accepts: accepts(field),
      defaultValue: secret && defaultValue ? '(set)' : defaultValue,
      required: required.has(variable) && field.default === undefined,
      secret,
      description: field.description ?? '',
    };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The flag every program answers with its `configReference` (see docs/runbook/configuration.md). */
export const CONFIG_REFERENCE_FLAG = '--config-reference';

/** The Markdown section of one program's settings, straight from its config schema. */
export function configReference(program: string, intro: string, schema: z.ZodObject): string {
  return renderConfigReference(program, intro, describeConfig(schema));
}

/** A Markdown section: heading, one table row per variable. */
export function renderConfigReference(title: string, intro: string, variables: readonly ConfigVariable[]): string {
  const rows = variables.map((v) => {
    const fallback = v.required ? '**required**' : v.defaultValue === null ? '(unset)' : v.defaultValue === '' ? '(empty)' : `\`${v.defaultValue}\``;
    return `| \`${v.variable}\` | ${cell(v.accepts)} | ${fallback} | ${cell(v.description)}${v.secret ? ' (secret: never logged)' : ''} |`;
  });
  return [`## ${title}`, '', intro, '', '| Variable | Accepts | Default | Meaning |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}
