import type { Command } from 'commander';
import type { GrantFieldsFragment } from '../../client/index.js';
import { block, type Column } from '../format.js';
import { EXIT_NO, EXIT_OK } from '../exit-codes.js';
import { usageError } from '../errors.js';
import { collect, pagingOptions, paging, printPage, type PagingOptions } from '../parsers.js';
import type { Action } from '../program.js';

/** active / revoked / expired / inactive (a grant above it ended), as one word for tables. */
function state(grant: GrantFieldsFragment): string {
  if (grant.active) return 'active';
  if (grant.revokedAt) return 'revoked';
  if (grant.expiresAt && Date.parse(grant.expiresAt) <= Date.now()) return 'expired';
  return 'inactive';
}

const COLUMNS: readonly Column<GrantFieldsFragment>[] = [
  { header: 'ID', value: (grant) => grant.id },
  { header: 'OWNER', value: (grant) => grant.ownerDid },
  { header: 'AGENT', value: (grant) => grant.agentDid },
  { header: 'SCOPES', value: (grant) => grant.scopes },
  { header: 'EXPIRES', value: (grant) => grant.expiresAt },
  { header: 'STATE', value: state },
  { header: 'PARENT', value: (grant) => grant.parentGrantId },
];

function grantBlock(grant: GrantFieldsFragment): string {
  return block([
    ['id', grant.id],
    ['owner', grant.ownerDid],
    ['agent', grant.agentDid],
    ['scopes', grant.scopes],
    ['expires', grant.expiresAt ?? 'never'],
    ['state', state(grant)],
    ['revoked', grant.revokedAt],
    ['parent', grant.parentGrantId],
    ['created', grant.createdAt],
  ]);
}

export function delegateCommand(program: Command, action: Action): void {
  const delegate = program
    .command('delegate')
    .description('delegation grants: an owner lets an agent act for it within scopes (tasks:create, tasks:*, *, …)');

  delegate
    .command('grant')
    .description('grant scopes to an agent (as the owner; or as an agent holding an agents:delegate grant, with --parent)')
    .argument('<ownerDid>', 'the DID the agent will act for')
    .argument('<agentDid>', 'the registered agent that receives the grant')
    .option(
      '--scope <scope>',
      'a scope (ns:action, ns:* or *); repeat or comma-separate. Checked by AgentStack: tasks:create, tasks:assign, tasks:update, tasks:publish, tasks:read, agents:delegate',
      collect,
    )
    .option('--expires-at <time>', 'ISO-8601 instant the grant stops counting, e.g. 2027-01-31T12:00:00Z (default: never, or the parent\'s)')
    .option('--parent <grantId>', 'sub-delegate from this grant you hold (its scopes must cover the new ones)')
    .action(
      action<[string, string], { scope?: string[]; expiresAt?: string; parent?: string }>(async (context, options, ownerDid, agentDid) => {
        if (!options.scope?.length) throw usageError("delegate grant needs at least one --scope (e.g. --scope tasks:create)");
        const grant = await context.client().delegate({
          ownerDid,
          agentDid,
          scopes: options.scope,
          expiresAt: options.expiresAt ?? null,
          parentGrantId: options.parent ?? null,
        });
        context.print(grant, () => grantBlock(grant));
      }),
    );

  delegate
    .command('revoke')
    .description('revoke a grant (as its owner or grantor), and every grant delegated from it')
    .argument('<grantId>', 'the grant id')
    .action(
      action<[string], object>(async (context, _options, id) => {
        const grant = await context.client().revokeDelegation(id);
        context.print(grant, () => grantBlock(grant));
      }),
    );

  pagingOptions(
    delegate
      .command('list')
      .description('list the grants you may see (as owner, agent or grantor), oldest first; revoked and expired ones too unless --active')
      .option('--owner <did>', 'only grants from this owner')
      .option('--agent <did>', 'only grants to this agent')
      .option('--scope <scope>', 'only grants allowing this scope (tasks:* and * grants included)')
      .option('--active', 'only grants honoured now')
      .option('--active-at <time>', 'only grants honoured at this ISO-8601 instant'),
    'grants',
  ).action(
    action<[], PagingOptions & { owner?: string; agent?: string; scope?: string; active?: boolean; activeAt?: string }>(
      async (context, options) => {
        if (options.active && options.activeAt) throw usageError('--active and --active-at do not go together');
        const pages = paging(options); // usage errors before connecting
        const filter = {
          ownerDid: options.owner ?? null,
          agentDid: options.agent ?? null,
          scope: options.scope ?? null,
          activeAt: options.activeAt ?? (options.active ? new Date().toISOString() : null),
        };
        const page = await context.client().delegations({ filter, ...pages });
        printPage(context, page, COLUMNS, 'grants', options.last !== undefined || options.before !== undefined);
      },
    ),
  );

  delegate
    .command('check')
    .description(
      'may the agent act for the owner within the scope? Prints yes (exit 0) or no (exit 1); with --json true or false. ' +
        'Only the owner or the agent may ask',
    )
    .argument('<ownerDid>', 'the owner DID')
    .argument('<agentDid>', 'the agent DID')
    .argument('<scope>', 'the scope, e.g. tasks:create')
    .option('--at <time>', 'answer for this ISO-8601 instant (default: now; a past instant is answered as history was)')
    .action(
      action<[string, string, string], { at?: string }>(async (context, options, ownerDid, agentDid, scope) => {
        const allowed = await context.client().hasDelegation({ ownerDid, agentDid, scope, at: options.at ?? null });
        context.print(allowed, () => (allowed ? 'yes' : 'no'));
        return allowed ? EXIT_OK : EXIT_NO;
      }),
    );
}
