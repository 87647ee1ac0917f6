/**
 * The URI of an AgentStack MCP resource, apart from resources.ts: the server's resource stream
 * names what changed with it, and must not load the MCP SDK (resources.ts does) to do so.
 */
export type ResourceRef = { kind: 'task'; id: string } | { kind: 'agent'; did: string };

export function resourceUri(ref: ResourceRef): string {
  return ref.kind === 'task' ? `agentstack://tasks/${encodeURIComponent(ref.id)}` : `agentstack://agents/${encodeURIComponent(ref.did)}`;
}
