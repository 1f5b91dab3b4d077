module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'lakehouse-jobs',
  rootDir: __dirname,
};
