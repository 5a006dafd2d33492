// The test suite drives real peers that npm cannot provide: Debian's chromium (browser tests) and a
// secret service (keyring vault tests). Install them when missing and we are allowed to; otherwise
// say what is missing and let those tests report it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { check: '/usr/bin/chromium', packages: ['chromium'] },
  { check: '/usr/bin/gnome-keyring-daemon', packages: ['gnome-keyring', 'dbus', 'dbus-x11', 'libsecret-1-0', 'libsecret-tools'] },
];

const missing = NEEDED.filter((n) => !existsSync(n.check)).flatMap((n) => n.packages);
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`installing system packages for tests: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  } else {
    console.warn(`missing system packages for some tests: ${missing.join(' ')} (install them with apt-get as root)`);
  }
}
