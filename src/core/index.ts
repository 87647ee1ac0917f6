/** AgentStack's pure domain: no I/O, no runtime-specific API. */
export * from './did.js';
export * from './errors.js';
export * from './events.js';
export * from './types.js';
export * from './lifecycle.js';
export * from './delegation.js';
export * from './json.js';
export * from './validation.js';
export * from './task.js';
export * from './store.js';
export * from './memory-store.js';
export * from './agent-stack.js';
export * from './manifest.js';
