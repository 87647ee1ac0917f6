import type { ServerResponse } from 'node:http';
import { ERROR_CODES, httpStatusOf, type ErrorCode } from '../../core/protocol.js';
import { writeJson } from '../http-errors.js';
import { noteResponseCode } from '../request-context.js';

/**
 * Failures of /mcp before the MCP server runs, as the Streamable HTTP transport answers them: an
 * HTTP status and a JSON-RPC error body (id null). `-32000`-range codes are the transport's
 * (the SDK's own choice: -32000 bad request, -32001 session not found); the AgentStack code is
 * in the message and in `data.code`.
 */
export const JSONRPC = Object.freeze({
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  SERVER_ERROR: -32000,
  SESSION_NOT_FOUND: -32001,
});

export function sendJsonRpcError(res: ServerResponse, status: number, rpcCode: number, message: string, code: ErrorCode | null, headers: Record<string, string> = {}): void {
  if (code) noteResponseCode(res, code);
  writeJson(res, status, { jsonrpc: '2.0', error: { code: rpcCode, message, ...(code ? { data: { code } } : {}) }, id: null }, headers);
}

/** A failure with one of AgentStack's codes, at that code's HTTP status, with `retry-after` when it passes (protocol.ts). */
export function sendCodedError(res: ServerResponse, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  const retry: Record<string, string> = ERROR_CODES[code].retryable ? { 'retry-after': '1' } : {};
  sendJsonRpcError(res, httpStatusOf(code), JSONRPC.SERVER_ERROR, `${code}: ${message}`, code, { ...retry, ...headers });
}
