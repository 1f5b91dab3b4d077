/**
 * Replaces `{{NAME}}` placeholders (not `${…}`, which Hadoop and Kafka configs expand themselves).
 * A placeholder without a value is an error, never left in the output.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>, source: string): string {
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${source}: no value for placeholder {{${name}}}`);
    return String(value);
  });
}
