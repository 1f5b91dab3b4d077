module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'delta',
  rootDir: __dirname,
};
