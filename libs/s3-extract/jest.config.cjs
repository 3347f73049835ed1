module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 's3-extract',
  rootDir: __dirname,
};
