// A Secret Service that takes calls and never answers. No such daemon exists to install, so the peer
// is built here: a real D-Bus connection on a private dbus-daemon that owns org.freedesktop.secrets
// and leaves OpenSession unanswered.
import * as dbus from '@jellybrick/dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSessionBus, type SessionBus } from '../testing/secret-service.js';
import { VaultError } from './vault-error.js';
import { createSecretServiceVault } from './secret-service-vault.js';

/** Counts the calls that reach it and answers none (a method handler that claims the message and never replies). */
const stalling = { calls: 0 };

let session: SessionBus;
let peer: dbus.MessageBus;
const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  session = await startSessionBus();
  peer = dbus.sessionBus({ busAddress: session.env.DBUS_SESSION_BUS_ADDRESS });
  await peer.requestName('org.freedesktop.secrets', 0);
  peer.addMethodHandler((message: dbus.Message) => {
    if (message.interface !== 'org.freedesktop.Secret.Service') return false;
    stalling.calls++;
    return true;
  });
  process.env.DBUS_SESSION_BUS_ADDRESS = session.env.DBUS_SESSION_BUS_ADDRESS;
});

afterAll(async () => {
  if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
  peer?.disconnect();
  await session?.stop();
});

describe('keyring vault against a Secret Service that never answers', () => {
  it('gives up at its deadline with an error naming backend, key and the wait', async () => {
    const fail = (action: string, key: string | undefined, error: unknown) =>
      new VaultError(`vault backend "keyring" could not ${action} key ${key}: ${(error as Error).message}`, 'keyring', key);
    const vault = createSecretServiceVault('zeph-stall', 'keyring service "zeph-stall"', fail, 300);
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap').length;
    const socketsBefore = sockets();
    const started = performance.now();
    const error = await vault.get('ZEPH_OTEL_HEADERS').then(
      () => undefined,
      (e: unknown) => e,
    );
    const waited = performance.now() - started;
    expect(stalling.calls).toBe(1);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as Error).message).toBe('vault backend "keyring" could not read key ZEPH_OTEL_HEADERS: the Secret Service did not answer within 0.3 s');
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(5000);
    // The connection to the silent service is closed, so it cannot keep the agent's process alive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets()).toBe(socketsBefore);
  });
});
