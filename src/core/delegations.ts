import type { Agents } from './agents.js';
import { BadUserInputError, ConflictError, NotFoundError } from './errors.js';
import { grantAllows, isGrantActive } from './grant-rules.js';
import { parseDelegationFilter, parseGrantRequest, type ParsedDelegationFilter } from './inputs.js';
import type { Caller } from './policy.js';
import { authorize, callerOf, visibleOnly, visibleOrNull, type Runtime } from './runtime.js';
import type { CallOptions, DelegationFilter, DelegationGrant, GrantRelation } from './types.js';
import { requireDid, requireId, requireInstant, requireScope } from './validation.js';

/** Delegation grants: an owner authorizes an agent for scopes, optionally until an expiry, revocably. */
export class Delegations {
  constructor(
    private readonly runtime: Runtime,
    private readonly agents: Agents,
  ) {}

  async grant(
    ownerDid: string,
    agentDid: string,
    scopes: readonly string[],
    expiresAt: string | Date | null | undefined,
    options: CallOptions,
  ): Promise<DelegationGrant> {
    const request = parseGrantRequest(ownerDid, agentDid, scopes, expiresAt);
    const caller = callerOf(options);
    const at = this.runtime.timestamp();
    if (request.expiresAt !== null && request.expiresAt <= at) {
      throw new BadUserInputError(`expiresAt ${request.expiresAt} is not in the future`);
    }
    await this.agents.requireRegistered(request.agentDid);
    const grant: DelegationGrant = {
      id: this.runtime.newId('grant'),
      ...request,
      createdAt: at,
      revokedAt: null,
      parentGrantId: null,
    };
    await authorize(this.runtime, caller, 'delegation.grant', { kind: 'grant', current: grant });
    const event = await this.runtime.store.insertGrant(grant, { type: 'delegation.granted', occurredAt: at, actorDid: caller.did, grant });
    this.runtime.emit(event);
    return grant;
  }

  /** Revokes a grant: a single conditional write, so of concurrent revocations exactly one lands. */
  async revoke(grantId: string, options: CallOptions): Promise<DelegationGrant> {
    const id = requireId('grantId', grantId);
    const caller = callerOf(options);
    const [current] = await this.runtime.store.getGrants([id]);
    if (!current) throw new NotFoundError(`Unknown delegation grant: ${id}`);
    if (current.revokedAt !== null) throw new ConflictError(`Delegation grant ${id} is already revoked`);
    const at = this.runtime.timestamp();
    const grant: DelegationGrant = { ...current, revokedAt: at };
    await authorize(this.runtime, caller, 'delegation.revoke', { kind: 'grant', current, next: grant });
    const event = await this.runtime.store.revokeGrant(grant, { type: 'delegation.revoked', occurredAt: at, actorDid: caller.did, grant });
    // Someone revoked it between our read and our write: the outcome they asked for holds.
    if (!event) throw new ConflictError(`Delegation grant ${id} is already revoked`);
    this.runtime.emit(event);
    return grant;
  }

  /** Batch lookup: answers in the order asked, null for unknown ids (and for what the caller may not see). */
  async get(ids: readonly string[], options: CallOptions): Promise<(DelegationGrant | null)[]> {
    const caller = callerOf(options);
    return visibleOrNull(this.runtime, caller, 'delegation.read', await this.runtime.store.getGrants(ids), grantResource);
  }

  /** Grants by owner and/or agent, oldest first, narrowed by scope and activity. */
  async list(filter: DelegationFilter, options: CallOptions): Promise<DelegationGrant[]> {
    const checked = parseDelegationFilter(filter);
    const grants = await this.runtime.store.listGrants({ ownerDid: checked.ownerDid, agentDid: checked.agentDid });
    return this.visibleMatching(callerOf(options), grants, checked);
  }

  /**
   * Each key's grants (as owner or as agent, by `by`) in one store read, in key order: the batch
   * behind `User.delegations` / `Agent.delegations`. The relation wins over the filter's value for it.
   */
  async listFor(
    by: GrantRelation,
    keys: readonly string[],
    filter: DelegationFilter,
    options: CallOptions,
  ): Promise<DelegationGrant[][]> {
    if (by !== 'ownerDid' && by !== 'agentDid') throw new BadUserInputError(`Cannot list grants by ${String(by)}`);
    for (const key of keys) requireDid(by, key, by === 'agentDid' ? 'agent' : undefined);
    const checked = parseDelegationFilter({ ...filter, [by]: null });
    if (keys.length === 0) return [];
    const caller = callerOf(options);
    const other = by === 'ownerDid' ? { agentDid: checked.agentDid } : { ownerDid: checked.ownerDid };
    const lists = await this.runtime.store.listGrantsFor(by, keys, other);
    return Promise.all(lists.map((grants) => this.visibleMatching(caller, grants, checked)));
  }

  /** Is the grant active at `at` (default: now, by this AgentStack's clock)? */
  isActive(grant: DelegationGrant, at?: string | Date | null): boolean {
    return isGrantActive(grant, at == null ? this.runtime.now() : new Date(requireInstant('at', at)));
  }

  /** Does `agentDid` hold an active grant from `ownerDid` that allows `scope` at `at` (default: now)? */
  async has(ownerDid: string, agentDid: string, scope: string, at: string | Date | null | undefined, options: CallOptions): Promise<boolean> {
    const owner = requireDid('ownerDid', ownerDid);
    const agent = requireDid('agentDid', agentDid);
    const checkedScope = requireScope(scope);
    const when = at == null ? this.runtime.now() : new Date(requireInstant('at', at));
    await authorize(this.runtime, callerOf(options), 'delegation.check', { kind: 'grants-between', ownerDid: owner, agentDid: agent });
    const grants = await this.runtime.store.listGrants({ ownerDid: owner, agentDid: agent });
    return grants.some((grant) => grantAllows(grant, checkedScope) && isGrantActive(grant, when));
  }

  private visibleMatching(caller: Caller, grants: DelegationGrant[], filter: ParsedDelegationFilter): Promise<DelegationGrant[]> {
    const { scope, activeAt } = filter;
    const matching = grants.filter(
      (grant) => (scope === null || grantAllows(grant, scope)) && (activeAt === null || isGrantActive(grant, activeAt)),
    );
    return visibleOnly(this.runtime, caller, 'delegation.read', matching, grantResource);
  }
}

function grantResource(grant: DelegationGrant) {
  return { kind: 'grant' as const, current: grant };
}
