// The docs browser test drives Debian's Chromium. On a fresh Debian machine run as root, the test
// command installs it first, so that one command runs every test; elsewhere it says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (!existsSync(path)) {
  if (isRoot && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH) {
    console.log('Installing Debian\'s chromium for the docs browser test (apt-get install -y chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  } else {
    console.warn(`Chromium not found at ${path}: the docs browser test will fail. Install it with apt-get install -y chromium, or set CHROMIUM_PATH.`);
  }
}
