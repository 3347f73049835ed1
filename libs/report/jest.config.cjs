module.exports = {
  ...require('../../jest.preset.cjs'),
  ...require('../local-stack/src/testing/jest-with-stack.cjs'),
  displayName: 'report',
  rootDir: __dirname,
};
