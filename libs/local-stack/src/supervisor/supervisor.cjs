// Runs the embedded servers in one child process that the caller forks:
// - s3rver in this process (it needs --openssl-legacy-provider for its DES continuation
//   tokens, which is why it does not run in the caller's process), and
// - DynamoDB Local as a JVM child of this process.
// When the caller goes away (IPC disconnect, even after SIGKILL; or this process is handed to
// another parent) or asks to stop, this process stops the JVM and s3rver and exits. The JVM
// watches this process in turn (its stdin is a pipe from here: EOF means we are gone, even
// by SIGKILL), so no server is ever orphaned.
// DynamoDB Local runs through LoopbackDynamoDbLocal.java, which binds it to 127.0.0.1 (its
// own main listens on every interface). If the JVM dies after start-up, a stand-in takes
// its port and answers every request with an error naming it, instead of "connection refused".
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const http = require('node:http');

const config = JSON.parse(process.env.ECOMLAKE_STACK_CONFIG);
let jvm;
let s3;
let standIn;
let stopping = false;
let dynamoReady = false;

function send(message) {
  if (process.connected) process.send(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function dynamoAnswers(port) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', timeout: 1000,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' } },
      (res) => { res.resume(); resolve(true); },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.end('{}');
  });
}

async function startDynamo() {
  const port = await freePort();
  const args = [
    `-Xmx${config.javaHeapMiB}m`,
    ...config.javaOptions,
    // IPv4 sockets only, so the listener is plainly 127.0.0.1 (not ::ffff:127.0.0.1).
    '-Djava.net.preferIPv4Stack=true',
    `-Djava.library.path=${config.jarDir}/DynamoDBLocal_lib`,
    '-cp', `${config.jarDir}/DynamoDBLocal.jar`,
    config.launcherPath,
    '-port', String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(config.dynamoDbPath ? ['-dbPath', config.dynamoDbPath] : ['-inMemory']),
  ];
  let output = '';
  // stdin: a pipe nothing is written to; it closes when this process ends, however it ends,
  // and the launcher exits on that EOF.
  jvm = spawn(config.java, args, { cwd: config.jarDir, stdio: ['pipe', 'pipe', 'pipe'] });
  jvm.stdin.on('error', () => undefined); // never written; a dead JVM's pipe is not our failure
  jvm.stdout.on('data', (d) => { output = (output + d).slice(-4000); });
  jvm.stderr.on('data', (d) => { output = (output + d).slice(-4000); });
  const exited = new Promise((resolve) => jvm.once('exit', (code) => resolve(code)));
  // Before it answers, the loop below reports a death; after, the stand-in does. 'close'
  // (not 'exit') so that the output holds the JVM's last words.
  jvm.once('close', (code, signal) => {
    if (!stopping && dynamoReady) dynamoDied(port, jvm.pid, code, signal, output);
  });
  const deadline = Date.now() + config.startTimeoutMs;
  while (Date.now() < deadline) {
    if (await dynamoAnswers(port)) {
      dynamoReady = true;
      return port;
    }
    const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r('wait'), 100))]);
    if (done !== 'wait') throw new Error(`DynamoDB Local did not start: ${output.trim()}`);
  }
  throw new Error(`DynamoDB Local did not answer within ${config.startTimeoutMs} ms: ${output.trim()}`);
}

/** Last lines of the JVM's output, enough to say why it died without flooding a message. */
function lastLines(output, count = 5) {
  return output.trim().split(/\r?\n/).slice(-count).join(' | ');
}

function dynamoDied(port, pid, code, signal, output) {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const tail = lastLines(output);
  const data = config.dynamoDbPath ? `its tables are kept in ${config.dynamoDbPath}` : 'its tables (in memory) are gone';
  const message =
    `The embedded DynamoDB Local (pid ${pid}, 127.0.0.1:${port}) ${how} after start-up; ${data}. ` +
    `Stop the stack and start it again.${tail ? ` Its last output: ${tail}` : ''}`;
  // 400 with a non-retryable code: SDKs fail the request at once with this message.
  const body = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#LocalStackError', message });
  standIn = http.createServer((req, res) => {
    req.resume();
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'LocalStackError' });
    res.end(body);
  });
  const report = () => send({ type: 'died', jvmPid: pid, message });
  // Port taken meanwhile: requests then fail as unreachable, and the caller still hears why.
  standIn.once('error', report);
  standIn.listen(port, '127.0.0.1', report);
}

async function startS3() {
  const S3rver = require(config.s3rverPath);
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: config.s3Dir, resetOnClose: false });
  const { port } = await s3.run();
  return port;
}

async function stop() {
  if (stopping) return;
  stopping = true;
  // A JVM killed by a signal has exitCode null too: only a live one is waited for.
  const jvmGone = jvm && jvm.exitCode === null && jvm.signalCode === null
    ? new Promise((resolve) => {
        jvm.once('exit', resolve);
        jvm.kill('SIGTERM');
        setTimeout(() => jvm.kill('SIGKILL'), 5000).unref();
      })
    : Promise.resolve();
  const s3Gone = s3 ? s3.close().catch(() => undefined) : Promise.resolve();
  if (standIn) standIn.close();
  await Promise.all([jvmGone, s3Gone]);
  process.exit(0);
}

/**
 * Besides 'disconnect': stops when the process that forked this one is gone, seen every
 * 200 ms as this process being handed to another parent (Linux: /proc; Node's process.ppid
 * is read once) or, elsewhere, as that pid no longer existing.
 */
function watchParent() {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (currentParent() !== parent) {
      clearInterval(timer);
      stop();
    }
  }, 200);
  timer.unref();
}

function currentParent() {
  try {
    // Field 4 of /proc/self/stat, after the command name in parentheses (which may hold spaces).
    const stat = require('node:fs').readFileSync('/proc/self/stat', 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      process.kill(process.ppid, 0);
      return process.ppid;
    } catch (error) {
      return error.code === 'ESRCH' ? -1 : process.ppid;
    }
  }
}

function fail(message) {
  send({ type: 'error', message });
  stop();
}

process.on('disconnect', stop);
watchParent();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('message', (m) => { if (m && m.type === 'stop') stop(); });

Promise.all([startS3(), startDynamo()])
  .then(([s3Port, dynamoPort]) => send({ type: 'ready', s3Port, dynamoPort, jvmPid: jvm.pid }))
  .catch((error) => fail(error.message));
