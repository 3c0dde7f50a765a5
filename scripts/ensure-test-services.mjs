// Some tests need services of the machine: the docs browser test drives Debian's Chromium, the
// Redis tests talk to a Redis server on 127.0.0.1:6379, and the template's PostgreSQL suites to a
// PostgreSQL server on 127.0.0.1:5432 (role and password `tsapi`, owner of the database `tsapi_test`). On a
// fresh Debian machine run as root, the test command installs what is missing and starts the
// servers, so that one command runs every test; elsewhere it says what to do.
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

const postgresAnswers = () =>
  onPath('pg_isready') && spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status === 0;
const postgresRunning = postgresAnswers();
if (!postgresRunning && !onPath('pg_ctlcluster')) {
  if (canInstall) {
    missing.push('postgresql');
  } else {
    console.warn(
      'PostgreSQL not found: the template suites against PostgreSQL will fail. Install it with apt-get install -y postgresql, or set TEST_DATABASE_URL.',
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

/** Starts the machine's first PostgreSQL cluster (Debian's pg_ctlcluster) when nothing answers on 5432. */
function startPostgres() {
  const [line] = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout.trim().split('\n');
  const [version, cluster] = (line ?? '').split(/\s+/);
  if (!version || !cluster) return console.warn('No PostgreSQL cluster found: create one with pg_createcluster.');
  console.log(
    `Starting PostgreSQL ${version}/${cluster} on 127.0.0.1:5432 for the tests (stop it with pg_ctlcluster ${version} ${cluster} stop)…`,
  );
  execFileSync('pg_ctlcluster', [version, cluster, 'start'], { stdio: 'inherit' });
  for (let tries = 0; tries < 100 && !postgresAnswers(); tries++) sleep(100);
}

/** Runs SQL as the server's superuser (Debian's peer authentication for the postgres user). */
function asPostgres(sql) {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    cwd: '/',
  });
}

/** The role the suites log in as, and its database `tsapi_test`, where each test app makes (and drops) a schema. */
function ensureTestRole() {
  const role = asPostgres(
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsapi') THEN CREATE ROLE tsapi LOGIN PASSWORD 'tsapi' CREATEDB; END IF; END $$;",
  );
  if (role.status !== 0) return console.warn(`Could not create the PostgreSQL role tsapi: ${role.stderr.trim()}`);
  const exists = asPostgres("SELECT 1 FROM pg_database WHERE datname = 'tsapi_test'");
  if (exists.stdout.trim() === '1') return;
  const database = asPostgres('CREATE DATABASE tsapi_test OWNER tsapi');
  if (database.status !== 0)
    console.warn(`Could not create the PostgreSQL database tsapi_test: ${database.stderr.trim()}`);
}

if (!process.env.TEST_DATABASE_URL) {
  if (!postgresRunning && isRoot && onPath('pg_lsclusters')) startPostgres();
  if (postgresAnswers() && isRoot) ensureTestRole();
  else if (!postgresAnswers()) {
    console.warn('PostgreSQL does not answer on 127.0.0.1:5432: the template suites against PostgreSQL will fail.');
  }
}
