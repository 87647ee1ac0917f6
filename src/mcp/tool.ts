import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import type { McpBackend } from './backend.js';

/**
 * One MCP tool, as data: what a model reads (name, title, description, annotations, schemas) and
 * what it runs. `run` gets input that has passed `inputSchema` (checked once, in server.ts) and
 * answers the structured result (`{ <key>: … }` of its output schema); it throws what the
 * backend throws, which server.ts turns into an error result.
 */
export interface ToolDefinition<Input = Record<string, unknown>> {
  name: string;
  title: string;
  /** For a model: what it does, when to use it, what it returns. */
  description: string;
  annotations: ToolAnnotations;
  inputSchema: JsonSchemaType & { type: 'object'; properties: Record<string, JsonSchemaType>; required?: string[] };
  outputSchema: JsonSchemaType & { type: 'object' };
  run(backend: McpBackend, input: Input): Promise<Record<string, unknown>>;
}

/** Declares a tool with its input's type (the cast is sound once inputSchema has been checked). */
export function tool<Input>(definition: ToolDefinition<Input>): ToolDefinition {
  return definition as unknown as ToolDefinition;
}

/**
 * A failure a tool finds itself, with the API's code: NOT_FOUND for a lookup that answers nothing
 * (the API answers null for what the caller may not see), BAD_USER_INPUT for input the schema
 * cannot rule out (a default that does not exist).
 */
export class ToolError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BAD_USER_INPUT',
    message: string,
  ) {
    super(message);
  }
}

/** Drops keys whose value is undefined: GraphQL variables left out, not sent as null. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
