// The published jest preset, `@ecomlake/local-stack/jest-preset`: one embedded stack per jest
// run, for test files to reach through testStack(). The package holds the compiled setup
// (.js); inside the monorepo only the TypeScript source exists, which jest's transform compiles.
const fs = require('node:fs');
const path = require('node:path');

const compiledOrSource = (name) => {
  const compiled = path.join(__dirname, `${name}.js`);
  return fs.existsSync(compiled) ? compiled : path.join(__dirname, `${name}.ts`);
};

module.exports = {
  globalSetup: compiledOrSource('jest-global-setup'),
  globalTeardown: compiledOrSource('jest-global-teardown'),
};
