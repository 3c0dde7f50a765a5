// Some tests need services of the machine: the docs browser test drives Debian's Chromium, and the
// Redis rate-limit test talks to a Redis server on 127.0.0.1:6379. On a fresh Debian machine run as
// root, the test command installs what is missing and starts Redis, so that one command runs every
// test; elsewhere it says what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const canInstall = isRoot && existsSync('/usr/bin/apt-get');

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const redisAnswers = () =>
  onPath('redis-cli') && spawnSync('redis-cli', ['ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const missing = [];
if (!existsSync(chromiumPath)) {
  if (canInstall && !process.env.CHROMIUM_PATH) {
    missing.push('chromium');
  } else {
    console.warn(
      `Chromium not found at ${chromiumPath}: the docs browser test will fail. Install it with apt-get install -y chromium, or set CHROMIUM_PATH.`,
    );
  }
}
const redisRunning = redisAnswers();
if (!redisRunning && !onPath('redis-server')) {
  if (canInstall) {
    missing.push('redis-server');
  } else {
    console.warn(
      'redis-server not found: the Redis rate-limit test will fail. Install it with apt-get install -y redis-server.',
    );
  }
}

if (missing.length > 0) {
  console.log(`Installing ${missing.join(' and ')} for the tests (apt-get install -y ${missing.join(' ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

if (!redisRunning && onPath('redis-server')) {
  console.log('Starting redis-server on 127.0.0.1:6379 for the tests (stop it with redis-cli shutdown nosave)…');
  // No snapshots: the test data is throwaway, and a dump.rdb would land in the working directory.
  execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', ''], {
    stdio: 'inherit',
  });
  for (let tries = 0; tries < 50 && !redisAnswers(); tries++) sleep(100);
  if (!redisAnswers()) {
    console.warn(
      'redis-server did not answer on 127.0.0.1:6379: the Redis rate-limit test will fail. Start it with redis-server --daemonize yes.',
    );
  }
}
