import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import type { AgentFilter, RegisterAgentInput, TaskFilter, TaskStatus } from '../client/index.js';

/**
 * The few documents the CLI needs beyond the client's generated ones: the client's `Agents` and
 * `Tasks` pages carry too few fields for a table (no owner, app, protocols, assignee DID of every
 * task), and its agent fragment has no `ownerDid`. Sent with `client.request()`, so errors and
 * transport are the client's; the tests run every one of them against a real server.
 */

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

interface Paging {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface CliAgent {
  did: string;
  ownerDid: string | null;
  name: string;
  sourceApp: string;
  inboxUrl: string | null;
  taskEndpoint: string | null;
  supportedProtocols: string[];
  reputationScore: number | null;
  metadata: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface CliTaskRow {
  id: string;
  title: string;
  status: TaskStatus;
  ownerDid: string;
  assigneeDid: string | null;
  sourceApp: string;
  published: boolean;
  version: number;
  updatedAt: string;
}

const AGENT_FIELDS = `did ownerDid name sourceApp inboxUrl taskEndpoint supportedProtocols reputationScore metadata createdAt updatedAt`;
const PAGE_INFO = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

const typed = <R, V>(source: string) => parse(source) as unknown as TypedDocumentNode<R, V>;

export const AGENTS = typed<{ agents: { edges: { cursor: string; node: CliAgent }[]; pageInfo: PageInfo } }, Paging & { filter?: AgentFilter | null }>(`
  query CliAgents($filter: AgentFilter, $first: Int, $after: String, $last: Int, $before: String) {
    agents(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { ${AGENT_FIELDS} } }
      ${PAGE_INFO}
    }
  }`);

export const AGENT = typed<
  { agent: (CliAgent & { tasks: { edges: { node: { id: string; status: TaskStatus; title: string } }[]; pageInfo: { hasNextPage: boolean } } }) | null },
  { did: string }
>(`
  query CliAgent($did: ID!) {
    agent(did: $did) {
      ${AGENT_FIELDS}
      tasks(first: 10) { edges { node { id status title } } pageInfo { hasNextPage } }
    }
  }`);

export const REGISTER_AGENT = typed<{ registerAgent: CliAgent }, { input: RegisterAgentInput }>(`
  mutation CliRegisterAgent($input: RegisterAgentInput!) {
    registerAgent(input: $input) { ${AGENT_FIELDS} }
  }`);

export const TASKS = typed<{ tasks: { edges: { cursor: string; node: CliTaskRow }[]; pageInfo: PageInfo } }, Paging & { filter?: TaskFilter | null }>(`
  query CliTasks($filter: TaskFilter, $first: Int, $after: String, $last: Int, $before: String) {
    tasks(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id title status ownerDid assigneeDid sourceApp published version updatedAt } }
      ${PAGE_INFO}
    }
  }`);
