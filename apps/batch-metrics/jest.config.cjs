module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'batch-metrics',
  rootDir: __dirname,
};
