import { MemoryStore } from '../../src/core/index.js';
import { coordinatorContract } from './contract.js';

coordinatorContract('the in-memory store', async () => ({ store: new MemoryStore(), close: async () => {} }));
