module.exports = {
  ...require('../../jest.preset.cjs'),
  ...require('../local-stack/src/testing/jest-with-stack.cjs'),
  displayName: 'partition-unit',
  rootDir: __dirname,
};
