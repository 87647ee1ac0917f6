import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AgentStackClientError } from '../client/index.js';
import { ToolError } from './tool.js';

/** The error of a tool result: what `structuredContent.error` carries. */
export interface ToolErrorBody {
  code: string;
  message: string;
  retryable: boolean;
}

/** A successful call: the structured result, and the same as JSON text for hosts that only show text. */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * A refused or failed call, as a result the model can read and act on (never a protocol error,
 * which would end the call without saying why): `isError`, the code first in the text, and
 * `{ error: { code, message, retryable } }` as structured content. Codes are the GraphQL API's.
 * Anything that is not one of ours is masked (INTERNAL_SERVER_ERROR) and handed to `log`.
 */
export function toolErrorResult(error: unknown, log: (error: unknown) => void): CallToolResult {
  const body = toolErrorBody(error, log);
  return {
    isError: true,
    content: [{ type: 'text', text: `${body.code}: ${body.message}${body.retryable ? ' (retryable: the same call may succeed later)' : ''}` }],
    structuredContent: { error: body },
  };
}

/** What a failure says to the caller: the API's code and message; anything else is a bug, masked and handed to `log`. */
export function toolErrorBody(error: unknown, log: (error: unknown) => void): ToolErrorBody {
  if (error instanceof AgentStackClientError) return { code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof ToolError) return { code: error.code, message: error.message, retryable: false };
  log(error);
  return { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', retryable: false };
}

/** How much of the schema check's message an answer carries: every error of a 100,000-item list would be megabytes. */
const MAX_INPUT_MESSAGE = 1_000;

/** Input that does not match the tool's input schema: BAD_USER_INPUT, with what is wrong. */
export function badInputResult(message: string): CallToolResult {
  const said = message.length > MAX_INPUT_MESSAGE ? `${message.slice(0, MAX_INPUT_MESSAGE)}…` : message;
  return toolErrorResult(new ToolError('BAD_USER_INPUT', `Invalid arguments: ${said}`), () => {});
}
