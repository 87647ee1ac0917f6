import type { Command } from 'commander';
import type { RegisterAgentInput } from '../../client/index.js';
import { AGENT, AGENTS, REGISTER_AGENT, type CliAgent } from '../documents.js';
import { CliError } from '../errors.js';
import { block, type Column } from '../format.js';
import { collect, pagingOptions, paging, parseJsonObject, parseNumber, printPage, type PagingOptions } from '../parsers.js';
import type { Action } from '../program.js';

const COLUMNS: readonly Column<CliAgent>[] = [
  { header: 'DID', value: (agent) => agent.did },
  { header: 'NAME', value: (agent) => agent.name },
  { header: 'APP', value: (agent) => agent.sourceApp },
  { header: 'OWNER', value: (agent) => agent.ownerDid },
  { header: 'PROTOCOLS', value: (agent) => agent.supportedProtocols },
  { header: 'REPUTATION', value: (agent) => agent.reputationScore },
];

export function agentBlock(agent: CliAgent): string {
  return block([
    ['did', agent.did],
    ['name', agent.name],
    ['source app', agent.sourceApp],
    ['owner', agent.ownerDid],
    ['protocols', agent.supportedProtocols],
    ['inbox url', agent.inboxUrl],
    ['task endpoint', agent.taskEndpoint],
    ['reputation', agent.reputationScore],
    ['metadata', agent.metadata],
    ['created', agent.createdAt],
    ['updated', agent.updatedAt],
  ]);
}

export function agentsCommand(program: Command, action: Action): void {
  const agents = program.command('agents').description('the agent directory: list, show and register agents');

  pagingOptions(
    agents
      .command('list')
      .description('list registered agents, by DID (anyone may read the directory)')
      .option('--source-app <app>', 'only agents from this app (exact match)')
      .option('--protocol <name>', 'only agents that speak this protocol (e.g. mcp, a2a)'),
    'agents',
  ).action(
    action<[], PagingOptions & { sourceApp?: string; protocol?: string }>(async (context, options) => {
      const pages = paging(options); // usage errors before connecting
      const filter = { sourceApp: options.sourceApp ?? null, supportedProtocol: options.protocol ?? null };
      const { agents: page } = await context.client('anonymous-ok').request(AGENTS, { filter, ...pages });
      printPage(context, page, COLUMNS, 'agents', options.last !== undefined || options.before !== undefined);
    }),
  );

  agents
    .command('show')
    .description("an agent's profile and the first tasks assigned to it that you may see")
    .argument('<did>', 'the agent DID, did:coinpay:agent:<id>')
    .action(
      action<[string], object>(async (context, _options, did) => {
        const { agent } = await context.client('anonymous-ok').request(AGENT, { did });
        if (!agent) throw new CliError('NOT_FOUND', `agent ${did} not found`);
        context.print(agent, () => {
          const tasks = agent.tasks.edges.map(({ node }) => `${node.id} ${node.status} ${JSON.stringify(node.title)}`);
          const more = agent.tasks.pageInfo.hasNextPage ? ['…'] : [];
          return [agentBlock(agent), ...(tasks.length > 0 ? ['tasks:', ...[...tasks, ...more].map((line) => `  ${line}`)] : [])].join('\n');
        });
      }),
    );

  agents
    .command('register')
    .description(
      'register an agent, or update it when the DID is known (options left out keep their stored value). ' +
        'Allowed for the agent itself (--as the agent) or the user named by --owner',
    )
    .argument('<did>', 'the agent DID, did:coinpay:agent:<id>')
    .requiredOption('--name <name>', 'display name (1 to 200 characters)')
    .requiredOption('--source-app <app>', 'the app the agent comes from, e.g. build, qa, crawl')
    .option('--owner <did>', 'the user who answers for the agent (did:coinpay:user:<id>)')
    .option('--protocol <name>', 'a protocol the agent speaks; repeat or comma-separate (e.g. --protocol mcp --protocol a2a)', collect)
    .option('--inbox-url <url>', 'absolute http(s) URL where the agent receives messages')
    .option('--task-endpoint <url>', 'absolute http(s) URL where the agent accepts work')
    .option('--reputation <score>', 'reputation score as your app rates the agent', parseNumber)
    .option('--metadata <json>', 'a JSON object kept with the profile (replaces the stored one)', parseJsonObject)
    .action(
      action<
        [string],
        {
          name: string;
          sourceApp: string;
          owner?: string;
          protocol?: string[];
          inboxUrl?: string;
          taskEndpoint?: string;
          reputation?: number;
          metadata?: Record<string, unknown>;
        }
      >(async (context, options, did) => {
        // Only what was given: a field left out keeps its stored value on an update.
        const input: RegisterAgentInput = { did, name: options.name, sourceApp: options.sourceApp };
        if (options.owner !== undefined) input.ownerDid = options.owner;
        if (options.protocol !== undefined) input.supportedProtocols = options.protocol;
        if (options.inboxUrl !== undefined) input.inboxUrl = options.inboxUrl;
        if (options.taskEndpoint !== undefined) input.taskEndpoint = options.taskEndpoint;
        if (options.reputation !== undefined) input.reputationScore = options.reputation;
        if (options.metadata !== undefined) input.metadata = options.metadata;
        const { registerAgent } = await context.client().request(REGISTER_AGENT, { input });
        context.print(registerAgent, () => agentBlock(registerAgent));
      }),
    );
}
