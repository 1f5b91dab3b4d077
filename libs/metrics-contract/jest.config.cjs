module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'metrics-contract',
  rootDir: __dirname,
};
