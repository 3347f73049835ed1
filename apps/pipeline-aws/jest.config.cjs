module.exports = {
  ...require('../../jest.preset.cjs'),
  ...require('../../libs/local-stack/src/testing/jest-with-stack.cjs'),
  displayName: 'pipeline-aws',
  rootDir: __dirname,
  testTimeout: 600_000,
};
