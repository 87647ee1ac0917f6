import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { McpBackend } from './backend.js';
import { getPrompt, PROMPTS } from './prompts.js';
import { listResources, parseResourceUri, readResource, RESOURCE_NOT_FOUND, RESOURCE_TEMPLATES } from './resources.js';
import { badInputResult, toolErrorBody, toolErrorResult, toolResult } from './tool-results.js';
import type { ToolDefinition } from './tool.js';
import { TOOLS, TOOLS_BY_NAME } from './tools.js';

/** Where `resources/subscribe` is kept: the HTTP server's session row, or the stdio process's memory. */
export interface ResourceSubscriptions {
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;
}

export interface AgentStackMcpOptions {
  backend: McpBackend;
  /** The server's version, in `initialize`'s serverInfo. */
  version: string;
  /** Without it, the server does not offer `resources/subscribe`. */
  subscriptions?: ResourceSubscriptions | null;
  /** Failures that are bugs (a tool's result says only INTERNAL_SERVER_ERROR). */
  log?: (error: unknown) => void;
  /** Each tool call answered: its outcome (OK or the error code) and how long it took (metrics). */
  onToolCall?: (tool: string, outcome: string, seconds: number) => void;
}

export const SERVER_NAME = 'agentstack';

const INSTRUCTIONS = `AgentStack coordinates work between apps and autonomous agents. Everyone is a DID (did:coinpay:user:<id>, did:coinpay:agent:<id>); you act as the DID you connected with.
To find and do work: list_open_tasks, then claim_task (one claim wins; CONFLICT means another agent was first), then update_task_status: RUNNING, then COMPLETE or FAILED (BLOCKED while waiting). list_my_tasks shows what is assigned to you. The prompt work_on_task gives a task with its history and allowed next statuses.
Every refused call is an error result whose structured content is { error: { code, message, retryable } }: BAD_USER_INPUT (fix the arguments), FORBIDDEN (you may not; a delegation grant may allow it), NOT_FOUND, CONFLICT (the state changed: read it again), SERVICE_UNAVAILABLE (retry later).`;

/** Tools as `tools/list` answers them: the data of tools.ts without the code. */
const LISTED_TOOLS: Tool[] = TOOLS.map(({ name, title, description, annotations, inputSchema, outputSchema }) => ({
  name,
  title,
  description,
  annotations,
  inputSchema: inputSchema as Tool['inputSchema'],
  outputSchema: outputSchema as Tool['outputSchema'],
}));

/** Each tool's input check, compiled once for the process. */
const INPUT_CHECKS: ReadonlyMap<string, JsonSchemaValidator<Record<string, unknown>>> = (() => {
  const validator = new AjvJsonSchemaValidator();
  return new Map(TOOLS.map((definition) => [definition.name, validator.getValidator<Record<string, unknown>>(definition.inputSchema)]));
})();

/**
 * AgentStack as an MCP server: the tools of tools.ts, the resources of resources.ts and the
 * prompt of prompts.ts, for one caller (the backend's). Built with the SDK's low-level `Server`
 * so that a tool's bad input is a tool result with BAD_USER_INPUT like every other refusal (the
 * high-level McpServer answers it without a code). Cheap to build: the HTTP transport builds one
 * per request (src/server/mcp).
 */
export function createAgentStackMcpServer(options: AgentStackMcpOptions): Server {
  const { backend, subscriptions } = options;
  const log = options.log ?? (() => {});
  const server = new Server(
    { name: SERVER_NAME, title: 'AgentStack', version: options.version },
    {
      capabilities: { tools: {}, resources: subscriptions ? { subscribe: true } : {}, prompts: {} },
      instructions: INSTRUCTIONS,
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: LISTED_TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const definition = TOOLS_BY_NAME.get(request.params.name);
    if (!definition) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name.slice(0, 200)}`);
    const started = performance.now();
    const result = await callTool(definition, request.params.arguments ?? {});
    const outcome = result.isError ? (result.structuredContent as { error: { code: string } }).error.code : 'OK';
    options.onToolCall?.(definition.name, outcome, (performance.now() - started) / 1000);
    return result;
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [...RESOURCE_TEMPLATES] }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await withProtocolErrors(() => listResources(backend)) }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => withProtocolErrors(() => readResource(backend, request.params.uri)));
  if (subscriptions) {
    server.setRequestHandler(SubscribeRequestSchema, async (request) => {
      // Only what the caller may read: reading it first answers RESOURCE_NOT_FOUND otherwise.
      await withProtocolErrors(() => readResource(backend, request.params.uri));
      await withProtocolErrors(() => subscriptions.subscribe(request.params.uri));
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
      parseResourceUri(request.params.uri);
      await withProtocolErrors(() => subscriptions.unsubscribe(request.params.uri));
      return {};
    });
  }

  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [...PROMPTS] }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => withProtocolErrors(() => getPrompt(backend, request.params.name, request.params.arguments)));
  return server;

  async function callTool(definition: ToolDefinition, input: Record<string, unknown>): Promise<CallToolResult> {
    const checked = INPUT_CHECKS.get(definition.name)!(input);
    if (!checked.valid) return badInputResult(checked.errorMessage);
    try {
      return toolResult(await definition.run(backend, checked.data));
    } catch (error) {
      return toolErrorResult(error, log);
    }
  }

  /**
   * Resources and prompts have no error results: a refusal is a JSON-RPC error whose `data` says
   * the API's code (FORBIDDEN, SERVICE_UNAVAILABLE, …). A bug is masked and logged.
   */
  async function withProtocolErrors<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof McpError) throw error;
      const body = toolErrorBody(error, log);
      const code = body.code === 'NOT_FOUND' ? RESOURCE_NOT_FOUND : body.code === 'BAD_USER_INPUT' ? ErrorCode.InvalidParams : ErrorCode.InternalError;
      throw new McpError(code, `${body.code}: ${body.message}`, body);
    }
  }
}
