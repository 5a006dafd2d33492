import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sha256Hex } from './ledger/envelope.js';
import { headPathOf, type LedgerHead } from './ledger/ledger-writer.js';
import { exportSigningKey, generateSigningKey } from './ledger/signing-key.js';
import { verifyLedger } from './ledger/verify-ledger.js';

const USAGE = `usage:
  zeph-ledger keygen --public-out <file.pem>   print a new Ed25519 private key (PEM, for the vault); write its public key
  zeph-ledger verify <ledger.jsonl> --public-key <file.pem> [--json]
`;

interface Io {
  out: (t: string) => void;
  err: (t: string) => void;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

function readPublicKey(file: string): KeyObject {
  try {
    return createPublicKey(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a readable public key PEM (${(error as NodeJS.ErrnoException).code ?? 'parse error'})`);
  }
}

export function runLedgerCli(argv: string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }): number {
  const [command, ...args] = argv;
  try {
    if (command === 'keygen') {
      const publicOut = option(args, '--public-out');
      if (!publicOut) throw new Error('keygen needs --public-out <file.pem>');
      const key = generateSigningKey();
      writeFileSync(publicOut, key.publicKey.export({ type: 'spki', format: 'pem' }).toString());
      io.out(exportSigningKey(key).trimEnd());
      io.err(`public key (key id ${key.keyId}) written to ${publicOut}; store the private key in the vault, e.g. zeph-vault set ZEPH_LEDGER_SIGNING_KEY`);
      return 0;
    }
    if (command === 'verify') {
      const ledger = args[0];
      const keyFile = option(args, '--public-key');
      if (!ledger || ledger.startsWith('--') || !keyFile) throw new Error('verify needs <ledger.jsonl> --public-key <file.pem>');
      const publicKey = readPublicKey(keyFile);
      const keyId = sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
      if (!existsSync(ledger)) throw new Error(`${ledger}: no such ledger file`);
      const headFile = headPathOf(ledger);
      const head = existsSync(headFile) ? (JSON.parse(readFileSync(headFile, 'utf8')) as LedgerHead) : undefined;
      const result = verifyLedger(readFileSync(ledger, 'utf8'), publicKey, keyId, head);
      if (args.includes('--json')) io.out(JSON.stringify(result, null, 2));
      else {
        for (const p of result.problems) io.out(`${p.kind}: ${p.message}`);
        io.out(result.ok ? `ok: ${result.entries} entries verified${head ? '' : ' (no head file: a cut-off tail would go unnoticed)'}` : `${result.problems.length} problem(s) in ${result.entries} entries`);
      }
      return result.ok ? 0 : 1;
    }
    io.out(USAGE);
    return command === undefined || command === '--help' ? 0 : 2;
  } catch (error) {
    io.err(`zeph-ledger: ${(error as Error).message}`);
    return 2;
  }
}
