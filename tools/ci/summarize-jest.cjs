// Sums the per-project jest --json results into the one line CI reads:
// "tests: N passed, N failed". Exits non-zero when any test failed or no result exists.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? 'test-output/jest';
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let suitesFailed = 0;
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  suitesFailed += result.numRuntimeErrorTestSuites ?? 0;
}
if (suitesFailed > 0) console.log(`ci: ${suitesFailed} test suite(s) failed to run`);
console.log(`tests: ${passed} passed, ${failed + suitesFailed} failed`);
process.exit(files.length === 0 || failed + suitesFailed > 0 ? 1 : 0);
