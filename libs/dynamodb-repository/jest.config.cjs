const path = require('node:path');

// The embedded stack's global setup, required by computed path so the project graph does
// not record a dependency on local-stack that only tests have (queries imports this lib,
// and the module-boundary rule checks transitive dependencies).
const withStack = path.join(__dirname, '..', 'local-stack', 'src', 'testing', 'jest-with-stack.cjs');

module.exports = {
  ...require('../../jest.preset.cjs'),
  ...require(withStack),
  displayName: 'dynamodb-repository',
  rootDir: __dirname,
};
