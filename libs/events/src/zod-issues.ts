import type { z } from 'zod';
import { previewValue } from './value-preview';
import { MISSING, formatPath, validationIssue, type ValidationIssue } from './validation-issue';

const TYPE_PHRASES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a JSON array',
  null: 'null',
};

/**
 * Turns zod's issues into ours, reading the received values from `input` itself (own properties
 * only) so that they are shown exactly as sent. Keeps the first issue of each path: a value that
 * breaks several rules is reported once, by the first rule of its schema.
 */
export function issuesFromZod(zodIssues: readonly z.core.$ZodIssue[], input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const add = (segments: readonly PropertyKey[], expected: string) => {
    const path = formatPath(segments);
    if (seen.has(path)) return;
    seen.add(path);
    issues.push(validationIssue(path, expected, received(input, segments)));
  };
  for (const issue of zodIssues) {
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) add([...issue.path, key], 'no such field (unknown fields are refused)');
        break;
      case 'invalid_union':
        add(issue.path, issue.discriminator !== undefined && 'options' in issue && issue.options ? oneOf(issue.options) : issue.message);
        break;
      case 'invalid_value':
        add(issue.path, issue.values.length === 1 ? JSON.stringify(issue.values[0]) : oneOf(issue.values));
        break;
      case 'invalid_type':
        add(issue.path, issue.expected === 'int' ? issue.message : (TYPE_PHRASES[issue.expected] ?? issue.expected));
        break;
      default:
        add(issue.path, issue.message);
    }
  }
  return issues;
}

function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map(String).join(', ')}`;
}

function received(input: unknown, segments: readonly PropertyKey[]): string {
  let value = input;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, segment)) return MISSING;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return previewValue(value);
}
