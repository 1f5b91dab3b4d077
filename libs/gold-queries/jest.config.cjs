module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'gold-queries',
  rootDir: __dirname,
};
