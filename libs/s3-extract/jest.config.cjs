module.exports = {
  ...require('../../jest.preset.cjs'),
  ...require('../local-stack/src/testing/jest-with-stack.cjs'),
  displayName: 's3-extract',
  rootDir: __dirname,
};
