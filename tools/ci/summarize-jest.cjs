// Sums per-project jest --json results into the lines CI prints.
//   node tools/ci/summarize-jest.cjs <dir> [label]       -> "<label>: N passed, N failed" (label
//                                                           defaults to "tests") for one folder
//   node tools/ci/summarize-jest.cjs --total <dir>...    -> "tests: N passed, N failed" over all
// Exits non-zero when any test failed, a suite failed to run, or a folder holds no result.
const fs = require('node:fs');
const path = require('node:path');

function count(dir) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  const tally = { passed: 0, failed: 0, suitesFailed: 0, files: files.length };
  for (const file of files) {
    const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    tally.passed += result.numPassedTests;
    tally.failed += result.numFailedTests;
    tally.suitesFailed += result.numRuntimeErrorTestSuites ?? 0;
  }
  return tally;
}

const args = process.argv.slice(2);
const total = args[0] === '--total';
const dirs = total ? args.slice(1) : [args[0] ?? 'test-output/jest'];
const label = total ? 'tests' : (args[1] ?? 'tests');
const tallies = dirs.map(count);
const sum = tallies.reduce((a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, suitesFailed: a.suitesFailed + t.suitesFailed, files: a.files + t.files }), { passed: 0, failed: 0, suitesFailed: 0, files: 0 });
if (sum.suitesFailed > 0) console.log(`ci: ${sum.suitesFailed} test suite(s) failed to run`);
console.log(`${label}: ${sum.passed} passed, ${sum.failed + sum.suitesFailed} failed`);
process.exit(tallies.some((t) => t.files === 0) || sum.failed + sum.suitesFailed > 0 ? 1 : 0);
