import { formatIssues, formatPath, validationIssue } from './validation-issue';

describe('validation issues', () => {
  it('writes one self-contained line per issue', () => {
    expect(validationIssue('track.duration_ms', 'a number > 0', '-5')).toEqual({
      path: 'track.duration_ms',
      expected: 'a number > 0',
      received: '-5',
      message: 'track.duration_ms: expected a number > 0, received -5',
    });
    expect(validationIssue('', 'valid JSON', '"{"', 'Unexpected end of JSON input').message).toBe('event: expected valid JSON, received "{" (Unexpected end of JSON input)');
  });

  it('joins issues in one line for logs', () => {
    const issues = [validationIssue('a', 'x', '1'), validationIssue('b', 'y', '2')];
    expect(formatIssues(issues)).toBe('a: expected x, received 1; b: expected y, received 2');
    expect(formatIssues([])).toBe('');
  });

  it('prints paths like property accesses', () => {
    expect(formatPath(['track', 'duration_ms'])).toBe('track.duration_ms');
    expect(formatPath(['tags', 0])).toBe('tags[0]');
    expect(formatPath(['odd key', ''])).toBe('["odd key"][""]');
    expect(formatPath([])).toBe('');
  });
});
