import { z } from 'zod';
import { describeConfig, renderConfigReference } from './config-reference';
import { logLevel, port, positiveInt } from './env-fields';

const schema = z.object({
  LOG_LEVEL: logLevel,
  APP_PORT: port(8080).describe('Where the app listens.'),
  BATCH_SIZE: positiveInt(500).describe('Rows per batch.'),
  TARGET_URL: z.url().describe('Where to send things.'),
  OPTIONAL_NAME: z.string().optional(),
  STORE_SECRET_KEY: z.string().default('dev-secret').describe('Signing key.'),
  RATIO: z.coerce.number().min(0).max(1).default(0.5),
});

describe('describeConfig', () => {
  const variables = describeConfig(schema);
  const byName = Object.fromEntries(variables.map((v) => [v.variable, v]));

  it('lists every variable in schema order', () => {
    expect(variables.map((v) => v.variable)).toEqual(['LOG_LEVEL', 'APP_PORT', 'BATCH_SIZE', 'TARGET_URL', 'OPTIONAL_NAME', 'STORE_SECRET_KEY', 'RATIO']);
  });

  it('gives types, bounds, defaults and descriptions from the schema', () => {
    expect(byName.LOG_LEVEL).toMatchObject({ accepts: 'one of fatal, error, warn, info, debug, trace, silent', defaultValue: 'info', required: false });
    expect(byName.APP_PORT).toMatchObject({ accepts: 'integer >= 1 <= 65535', defaultValue: '8080', description: 'Where the app listens.' });
    expect(byName.BATCH_SIZE).toMatchObject({ accepts: 'integer > 0', defaultValue: '500' });
    expect(byName.TARGET_URL).toMatchObject({ accepts: 'URL', defaultValue: null, required: true });
    expect(byName.OPTIONAL_NAME).toMatchObject({ accepts: 'string', defaultValue: null, required: false });
    expect(byName.RATIO).toMatchObject({ accepts: 'number >= 0 <= 1', defaultValue: '0.5' });
  });

  it('never shows the default of a secret', () => {
    expect(byName.STORE_SECRET_KEY).toMatchObject({ secret: true, defaultValue: '(set)' });
    expect(renderConfigReference('t', 'i', variables)).not.toContain('dev-secret');
  });
});

describe('renderConfigReference', () => {
  it('renders one Markdown table row per variable', () => {
    const markdown = renderConfigReference('my-app', 'Read at start-up.', describeConfig(schema));
    expect(markdown).toContain('## my-app\n\nRead at start-up.\n\n| Variable | Accepts | Default | Meaning |');
    expect(markdown).toContain('| `APP_PORT` | integer >= 1 <= 65535 | `8080` | Where the app listens. |');
    expect(markdown).toContain('| `TARGET_URL` | URL | **required** | Where to send things. |');
    expect(markdown).toContain('| `STORE_SECRET_KEY` | string | `(set)` | Signing key. (secret: never logged) |');
  });
});
