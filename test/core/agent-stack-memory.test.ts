import { MemoryStore } from '../../src/core/memory-store.js';
import { agentStackContract } from './contract.js';

agentStackContract('the in-memory store', async () => ({ store: new MemoryStore(), close: async () => {} }));
