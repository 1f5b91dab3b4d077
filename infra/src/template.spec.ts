import { renderTemplate } from './template';

describe('renderTemplate', () => {
  it('replaces every placeholder and leaves ${…} alone', () => {
    expect(renderTemplate('listeners=PLAINTEXT://{{HOST}}:{{PORT}}\nx={{PORT}} ${user.name}', { HOST: '127.0.0.1', PORT: 19092 }, 't')).toBe(
      'listeners=PLAINTEXT://127.0.0.1:19092\nx=19092 ${user.name}',
    );
  });

  it('refuses a placeholder without a value, naming the template', () => {
    expect(() => renderTemplate('a={{MISSING}}', {}, 'server.properties.template')).toThrow(
      'server.properties.template: no value for placeholder {{MISSING}}',
    );
  });
});
