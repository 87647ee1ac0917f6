/**
 * `npm run keys -- <command>`: app keys for trusted back ends (src/server/identity.ts), in the
 * database the service uses (DATABASE_URL, else the embedded database in AGENTSTACK_DATA_DIR or
 * .agentstack/, which must not be open in a running server at the same time).
 *
 *   create --app <sourceApp> --may-act-for <DID or prefix> [--may-act-for …]
 *          prints the new key once: only its SHA-256 is stored
 *   list   every key: id, app, the DIDs it may act for, created, revoked
 *   revoke <id>
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseMayActFor } from '../src/core/api-keys.js';
import { isAgentStackError } from '../src/core/index.js';
import { requireText } from '../src/core/validation.js';
import { hashApiKey } from '../src/server/identity.js';
import { openDatabase } from '../src/store/index.js';

const USAGE = `usage: npm run keys -- create --app <sourceApp> --may-act-for <DID or prefix> [--may-act-for ...]
       npm run keys -- list
       npm run keys -- revoke <id>`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { app: { type: 'string' }, 'may-act-for': { type: 'string', multiple: true } },
  });
  const [command, ...rest] = positionals;
  if (command !== 'create' && command !== 'list' && command !== 'revoke') {
    console.error(USAGE);
    return 2;
  }
  // Checked before the database opens: a typo costs nothing.
  const request =
    command === 'create'
      ? {
          sourceApp: requireText('--app', values.app),
          mayActFor: parseMayActFor((values['may-act-for'] ?? []).flatMap((entry) => entry.split(','))),
        }
      : null;
  if (command === 'revoke' && rest.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const database = await openDatabase();
  try {
    const keys = database.apiKeys;
    if (request) {
      const id = randomBytes(8).toString('hex');
      const key = `agsk_${id}_${randomBytes(32).toString('base64url')}`;
      await keys.insertApiKey({ id, ...request, keyHash: hashApiKey(key), createdAt: new Date().toISOString(), revokedAt: null });
      console.log(`Created app key ${id} for ${request.sourceApp}, acting for ${request.mayActFor.join(', ')}.`);
      console.log('The key (shown this once; send it as x-api-key, with x-agentstack-did naming the DID):');
      console.log(key);
      return 0;
    }
    if (command === 'list') {
      const all = await keys.listApiKeys();
      if (all.length === 0) console.log('No app keys.');
      for (const key of all) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
        console.log(`${key.id}  ${key.sourceApp}  ${key.mayActFor.join(',')}  created ${key.createdAt}  ${state}`);
      }
      return 0;
    }
    const revoked = await keys.revokeApiKey(rest[0]!, new Date().toISOString());
    if (!revoked) {
      console.error(`No active app key ${JSON.stringify(rest[0])}`);
      return 1;
    }
    console.log(`Revoked app key ${revoked.id} (${revoked.sourceApp}) at ${revoked.revokedAt}.`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(isAgentStackError(error) ? error.message : error);
    process.exit(isAgentStackError(error) ? 2 : 1);
  },
);
