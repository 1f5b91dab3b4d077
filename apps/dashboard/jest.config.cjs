module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'dashboard',
  rootDir: __dirname,
  // next build output holds copies of the sources' tests' neighbours; never collect from it.
  modulePathIgnorePatterns: ['<rootDir>/.next/'],
};
