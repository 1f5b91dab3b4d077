module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'tables',
  rootDir: __dirname,
};
