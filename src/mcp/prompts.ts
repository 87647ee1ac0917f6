import { ErrorCode, McpError, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import * as documents from '../client/generated/graphql.js';
import { TRANSITIONS } from '../core/lifecycle.js';
import type { TaskStatus } from '../core/types.js';
import type { McpBackend } from './backend.js';
import { resourceUri } from './resources.js';

/** How many of the task's latest events the prompt shows. */
const HISTORY = 20;

export const WORK_ON_TASK: Prompt = {
  name: 'work_on_task',
  title: 'Work on a task',
  description: 'Gives you a task, its recent history and the statuses it may move to next, with how to report progress.',
  arguments: [{ name: 'taskId', description: 'The task to work on.', required: true }],
};

export const PROMPTS: readonly Prompt[] = [WORK_ON_TASK];

/** The statuses a task may move to next, as the API spells them (the lifecycle table, src/core/lifecycle.ts). */
export function nextStatuses(status: string): string[] {
  const from = status.toLowerCase() as TaskStatus;
  return (TRANSITIONS[from] ?? []).map((to) => to.toUpperCase());
}

export async function getPrompt(backend: McpBackend, name: string, args: Record<string, string> | undefined): Promise<GetPromptResult> {
  if (name !== WORK_ON_TASK.name) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name.slice(0, 200)}`);
  const taskId = args?.taskId;
  if (!taskId || taskId.length > 200) throw new McpError(ErrorCode.InvalidParams, 'work_on_task needs a taskId (at most 200 characters)');
  const [{ task }, { agentStackEvents }] = await Promise.all([
    backend.request(documents.TaskDocument, { id: taskId }),
    backend.request(documents.AgentStackEventsDocument, { filter: { taskId }, last: HISTORY }),
  ]);
  if (!task) throw new McpError(ErrorCode.InvalidParams, `No task ${taskId} that you may see`);
  const next = nextStatuses(task.status);
  const history = agentStackEvents.edges.map(({ node }) =>
    `- ${node.occurredAt} ${node.type}${node.task ? ` → ${node.task.status}` : ''}${node.actorDid ? ` by ${node.actorDid}` : ''}`,
  );
  const text = [
    `You are working on AgentStack task ${task.id}: "${task.title}".`,
    '',
    'The task (JSON):',
    JSON.stringify(task, null, 2),
    '',
    `Its history (the latest ${HISTORY} events, oldest first):`,
    ...(history.length > 0 ? history : ['- (none you may see)']),
    '',
    next.length > 0
      ? `It is ${task.status}; it may move to: ${next.join(', ')}. Report each step with update_task_status (pass expectedVersion: ${task.version}, and the new version after each change), e.g. RUNNING when you start, BLOCKED while you wait, COMPLETE when done, FAILED if it cannot be done. Put results or links in patch.metadata.`
      : `It is ${task.status}, a final status: it can no longer change.`,
    'A CONFLICT means the task changed meanwhile: read it again with get_task before deciding.',
  ].join('\n');
  return {
    description: `Work on task ${task.id}: ${task.title}`,
    messages: [
      { role: 'user', content: { type: 'text', text } },
      { role: 'user', content: { type: 'resource', resource: { uri: resourceUri({ kind: 'task', id: task.id }), mimeType: 'application/json', text: JSON.stringify(task) } } },
    ],
  };
}
