import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

export interface WorkspaceProject {
  dir: string;
  name: string;
  packageName: string;
  tags: string[];
}

/** Every Nx project of the workspace: the folders under apps/, libs/, tools/ and infra/ with a project.json. */
export function listProjects(root = WORKSPACE_ROOT): WorkspaceProject[] {
  const dirs = ['apps', 'libs', 'tools']
    .flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(group, d)) : []))
    .concat('infra')
    .filter((dir) => existsSync(join(root, dir, 'project.json')));
  return dirs.map((dir) => {
    const project = JSON.parse(readFileSync(join(root, dir, 'project.json'), 'utf8')) as { name: string; tags?: string[] };
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string };
    return { dir, name: project.name, packageName: pkg.name, tags: project.tags ?? [] };
  });
}
