// Jest settings for projects whose tests talk to the embedded stack.
const path = require('node:path');

module.exports = {
  globalSetup: path.join(__dirname, 'jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, 'jest-global-teardown.ts'),
};
