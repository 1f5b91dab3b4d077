module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'streaming-ingest',
  rootDir: __dirname,
};
