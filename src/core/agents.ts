import { pageFlags } from './paging.js';
import { NotFoundError } from './errors.js';
import { parseAgentFilter, parseAgentPage, parseRegisterAgentInput } from './inputs.js';
import type { Resource } from './policy.js';
import { callerOf, Judge, type Runtime } from './runtime.js';
import type { AgentFilter, AgentPageRequest, AgentProfile, CallOptions, Page, RegisterAgentInput } from './types.js';
import { recentKey } from './recent-states.js';
import { requireDid } from './validation.js';
import { writeVersioned } from './versioned-write.js';

/** Agent profiles, keyed by agent DID: the public directory of who can take work. */
export class Agents {
  /** DIDs known to be registered (requireExists; bounded: forgotten all at once when full, then read again). */
  readonly #registered = new Set<string>();

  constructor(private readonly runtime: Runtime) {}

  /**
   * Registers the agent, or updates it when the DID is known: a field left out keeps its stored
   * value, an explicit null clears it. Conditional on the version read, like every task write, so
   * two partial re-registrations at once both land (the second is derived from the first).
   */
  async register(input: RegisterAgentInput, options: CallOptions): Promise<AgentProfile> {
    const fields = parseRegisterAgentInput(input);
    const judge = new Judge(this.runtime, callerOf(options));
    const { store } = this.runtime;
    const registered = await writeVersioned<AgentProfile>(this.runtime, {
      label: `Agent ${fields.did}`,
      key: recentKey.agent(fields.did),
      read: async () => (await store.getAgents([fields.did]))[0] ?? null,
      derive: async (existing, at) => {
        const next: AgentProfile = {
          did: fields.did,
          ownerDid: keepOrSet(fields.ownerDid, existing?.ownerDid, null),
          name: fields.name,
          sourceApp: fields.sourceApp,
          supportedProtocols: keepOrSet(fields.supportedProtocols, existing?.supportedProtocols, []),
          inboxUrl: keepOrSet(fields.inboxUrl, existing?.inboxUrl, null),
          taskEndpoint: keepOrSet(fields.taskEndpoint, existing?.taskEndpoint, null),
          reputationScore: keepOrSet(fields.reputationScore, existing?.reputationScore, null),
          metadata: keepOrSet(fields.metadata, existing?.metadata, {}),
          version: existing?.version ?? 0,
          createdAt: existing?.createdAt ?? at,
          updatedAt: at,
        };
        await judge.authorize('agent.register', { kind: 'agent', did: fields.did, current: existing, next });
        return next;
      },
      commit: (agent, current, at) =>
        store.saveAgent(agent, current?.version ?? 0, {
          type: 'agent.registered',
          occurredAt: at,
          actorDid: judge.caller.did,
          actorApp: judge.caller.app ?? null,
          agent,
        }),
    });
    this.rememberRegistered(registered.did);
    return registered;
  }

  /** Batch lookup: answers in the order asked, null for unknown DIDs (and for what the caller may not see). */
  async get(dids: readonly string[], options: CallOptions): Promise<(AgentProfile | null)[]> {
    const judge = new Judge(this.runtime, callerOf(options));
    // Keys are input too: a malformed one is BAD_USER_INPUT before the store sees it.
    for (const did of dids) requireDid('did', did, 'agent');
    return judge.visibleOrNull('agent.read', await this.runtime.store.getAgents(dids), agentResource);
  }

  async list(filter: AgentFilter, page: AgentPageRequest, options: CallOptions): Promise<Page<AgentProfile>> {
    const judge = new Judge(this.runtime, callerOf(options));
    const query = parseAgentPage(page);
    const result = await this.runtime.store.listAgents(parseAgentFilter(filter), query);
    return { items: await judge.visibleOnly('agent.read', result.items, agentResource), ...pageFlags(query, result.more) };
  }

  /**
   * NOT_FOUND unless the agent is registered (assignees and grantees must be), read only the
   * first time: agents are never deleted,
   * so one seen registered (by any replica) stays so, and assigning or claiming a task for it
   * needs no second statement (the task's own write is then the call's one round trip).
   */
  async requireExists(did: string): Promise<void> {
    if (this.#registered.has(did)) return;
    const [agent] = await this.runtime.store.getAgents([did]);
    if (!agent) throw new NotFoundError(`Unknown agent: ${did}`);
    this.rememberRegistered(did);
  }

  private rememberRegistered(did: string): void {
    if (this.#registered.size >= KNOWN_REGISTERED) this.#registered.clear();
    this.#registered.add(did);
  }
}

/** How many registered agent DIDs an AgentStack remembers (~100 bytes each). */
const KNOWN_REGISTERED = 4_096;

function agentResource(agent: AgentProfile): Resource {
  return { kind: 'agent', did: agent.did, current: agent };
}

/** The input's value when given (null clears), else the stored value, else the default. */
function keepOrSet<T>(input: T | null | undefined, stored: T | undefined, fallback: T): T;
function keepOrSet<T>(input: T | null | undefined, stored: T | null | undefined, fallback: null): T | null;
function keepOrSet<T>(input: T | null | undefined, stored: T | null | undefined, fallback: T | null): T | null {
  if (input === null) return fallback;
  if (input !== undefined) return input;
  return stored !== undefined ? stored : fallback;
}
