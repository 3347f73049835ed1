module.exports = {
  ...require('../../jest.preset.cjs'),
  ...require('./src/testing/jest-with-stack.cjs'),
  displayName: 'local-stack',
  rootDir: __dirname,
};
