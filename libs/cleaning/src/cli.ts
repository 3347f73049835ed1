#!/usr/bin/env node
// The `cleaning:clean` command (see README): dry-runs the cleaning rules on local files.
import { runCli } from './lib/cli/run-cli';

runCli(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then((code) => {
  process.exitCode = code;
});
