import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listProjects, WORKSPACE_ROOT } from './workspace-projects';

describe('workspace projects', () => {
  const projects = listProjects();

  it('finds the projects', () => {
    expect(projects.map((p) => p.name)).toEqual(expect.arrayContaining(['config', 'logger', 'test-support', 'infra']));
  });

  it.each(projects.map((p) => [p.dir, p]))('%s has exactly one scope:* and one type:* tag', (_dir, project) => {
    expect(project.tags.filter((t) => t.startsWith('scope:'))).toHaveLength(1);
    expect(project.tags.filter((t) => t.startsWith('type:'))).toHaveLength(1);
  });

  it.each(projects.map((p) => [p.dir, p]))('%s is the npm workspace @music/<project name>', (_dir, project) => {
    expect(project.packageName).toBe(`@music/${project.name}`);
  });

  it.each(projects.filter((p) => p.dir.startsWith('libs/')).map((p) => [p.dir, p]))('%s exposes its API from src/index.ts', (_dir, project) => {
    expect(existsSync(join(WORKSPACE_ROOT, project.dir, 'src', 'index.ts'))).toBe(true);
  });
});
