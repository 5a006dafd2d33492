import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SecretServiceSession {
  /** Environment that reaches the session bus (DBUS_SESSION_BUS_ADDRESS, HOME, XDG_RUNTIME_DIR). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

async function hasSecretsOwner(env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    const { stdout } = await run(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env },
    );
    return stdout.includes('boolean true');
  } catch {
    return false;
  }
}

export interface SessionBus {
  /** HOME, XDG_RUNTIME_DIR, XDG_DATA_HOME and DBUS_SESSION_BUS_ADDRESS of the private session. */
  readonly env: Record<string, string>;
  /** The same on top of this process's environment, for children. */
  readonly fullEnv: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** A private D-Bus session bus (dbus-daemon) with HOME in a temporary directory. */
export async function startSessionBus(): Promise<SessionBus> {
  const home = await mkdtemp(join(tmpdir(), 'zeph-keyring-'));
  const runtimeDir = join(home, 'run');
  await mkdir(runtimeDir, { mode: 0o700 });
  const baseEnv = { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtimeDir, XDG_DATA_HOME: join(home, 'data') };

  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env: baseEnv, stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    let text = '';
    bus.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim().split('\n')[0]);
    });
    bus.once('error', reject);
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code} before printing its address`)));
  });
  const env = { HOME: home, XDG_RUNTIME_DIR: runtimeDir, XDG_DATA_HOME: join(home, 'data'), DBUS_SESSION_BUS_ADDRESS: address };
  return {
    env,
    fullEnv: { ...baseEnv, ...env },
    async stop() {
      if (bus.exitCode === null && bus.pid) bus.kill('SIGTERM');
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a private D-Bus session bus and an unlocked gnome-keyring Secret Service on it, with HOME in a
 * temporary directory so no real keyring is touched. Needs the Debian packages dbus and gnome-keyring
 * (scripts/ensure-test-system-deps.mjs installs them).
 */
export async function startSecretService(): Promise<SecretServiceSession> {
  const session = await startSessionBus();
  const { env, fullEnv } = session;

  const keyring: ChildProcess = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: fullEnv,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // --unlock reads the login keyring's password from stdin (a new keyring is created with it).
  keyring.stdin!.end('zeph-test-password');

  const stop = async () => {
    if (keyring.exitCode === null && keyring.pid) keyring.kill('SIGTERM');
    await session.stop();
  };
  for (let i = 0; i < 100 && !(await hasSecretsOwner(fullEnv)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await hasSecretsOwner(fullEnv))) {
    await stop();
    throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets on the test session bus');
  }
  return { env, stop };
}
