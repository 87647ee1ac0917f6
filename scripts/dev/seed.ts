import type { AgentStack } from '../../src/core/index.js';
import type { CoinPayData } from './coinpay.js';
import type { GigRecord } from './ugig.js';

/** The shop that owns the seeded tasks: query the gateway as it (`x-agentstack-did`). */
export const OWNER_DID = 'did:coinpay:user:shop';
/** The agent that works on them. */
export const AGENT_DID = 'did:coinpay:agent:courier';

export interface SeededData {
  coinpay: CoinPayData;
  gigs: GigRecord[];
  /** The AgentStack task ids, in creation order. */
  taskIds: string[];
}

/**
 * A little data to look at: an agent, three CoinPay-paid deliveries assigned to it (one running,
 * one with an escrow), and a uGig marketplace task it claimed. CoinPay's and uGig's records point
 * at the AgentStack task ids, as the real services would after creating the tasks.
 */
export async function seed(agentStack: AgentStack): Promise<SeededData> {
  const asOwner = { actorDid: OWNER_DID };
  const asAgent = { actorDid: AGENT_DID };
  await agentStack.registerAgent({ did: AGENT_DID, name: 'Courier', sourceApp: 'ugig' }, asAgent);

  const coinpay: CoinPayData = {
    paymentIntents: [],
    escrows: [{ id: 'esc_1001', amount: 25, released: false }],
    reputationEvents: [],
  };
  const taskIds: string[] = [];
  const deliveries = [
    { title: 'Deliver order #1001', amount: 25, paymentIntentId: 'pi_1001', escrowId: 'esc_1001', status: 'succeeded' },
    { title: 'Deliver order #1002', amount: 40, paymentIntentId: 'pi_1002', escrowId: null, status: 'succeeded' },
    { title: 'Collect return #0997', amount: 12.5, paymentIntentId: 'pi_0997', escrowId: null, status: 'requires_capture' },
  ];
  for (const delivery of deliveries) {
    const task = await agentStack.createTask(
      {
        ownerDid: OWNER_DID,
        sourceApp: 'coinpay',
        title: delivery.title,
        paymentIntentId: delivery.paymentIntentId,
        escrowId: delivery.escrowId,
        assigneeDid: AGENT_DID,
      },
      asOwner,
    );
    taskIds.push(task.id);
    coinpay.paymentIntents.push({ id: delivery.paymentIntentId, amount: delivery.amount, currency: 'USD', status: delivery.status, taskId: task.id });
  }
  await agentStack.updateTaskStatus(taskIds[0]!, 'running', {}, asAgent);

  // The marketplace: published with its uGig gig, then claimed by the courier.
  const open = await agentStack.createTask(
    { ownerDid: OWNER_DID, sourceApp: 'ugig', title: 'Assemble a bookshelf', description: 'Flat-pack, two hours at most.' },
    asOwner,
  );
  await agentStack.publishTask(open.id, 'gig_42', asOwner);
  const claimed = await agentStack.claimTask(open.id, AGENT_DID, asAgent);
  taskIds.push(claimed.id);
  const gigs: GigRecord[] = [{ id: 'gig_42', title: 'Assemble a bookshelf', budget: 30, taskId: claimed.id }];

  return { coinpay, gigs, taskIds };
}
