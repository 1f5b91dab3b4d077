// One jest run over every project: what `npm test` uses, so the summary covers the whole workspace.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projectDirs = ['apps', 'libs', 'tools']
  .flatMap((group) =>
    existsSync(join(__dirname, group))
      ? readdirSync(join(__dirname, group)).map((name) => join(__dirname, group, name))
      : [],
  )
  .concat(join(__dirname, 'infra'))
  .filter((dir) => existsSync(join(dir, 'jest.config.cjs')));

/** @type {import('jest').Config} */
module.exports = {
  projects: projectDirs,
  reporters: ['default', '<rootDir>/tools/workspace-checks/src/jest-summary-reporter.cjs'],
};
