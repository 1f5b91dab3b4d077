module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'kafka-topics',
  rootDir: __dirname,
};
