import { checkDelegation, delegate, registerAgent, revokeDelegation } from './agent-tools.js';
import { assignTask, claimTask, createTask, getTask, listMyTasks, listOpenTasks, publishTask, updateTaskStatus } from './task-tools.js';
import type { ToolDefinition } from './tool.js';

/** Every tool, in the order `tools/list` answers them: finding work, doing it, then agents and grants. */
export const TOOLS: readonly ToolDefinition[] = [
  listOpenTasks,
  claimTask,
  listMyTasks,
  getTask,
  createTask,
  assignTask,
  updateTaskStatus,
  publishTask,
  registerAgent,
  delegate,
  revokeDelegation,
  checkDelegation,
];

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(TOOLS.map((definition) => [definition.name, definition]));
