import { BadUserInputError, NotFoundError } from './errors.js';
import { parseEventFilter } from './inputs.js';
import { pageFlags, parsePage } from './paging.js';
import { callerOf, Judge, type Runtime } from './runtime.js';
import type { CallOptions, Page, PageRequest } from './types.js';
import { optionalText, optionalUrl, requireDid, requireId, requireSequence, requireText, LIMITS } from './validation.js';
import { newWebhookSecret, PREVIOUS_SECRET_VALID_MS } from './webhook-rules.js';
import { publicWebhook, type StoredWebhook, type Webhook, type WebhookDelivery, type WebhookStore } from './webhooks.js';
import type { EventFilter } from './events.js';

export interface CreateWebhookInput {
  url: string;
  description?: string | null;
  filter?: EventFilter | null;
  /** Whose events (default: the caller). Only the caller itself: an app key names the DID it acts for. */
  ownerDid?: string | null;
}

export interface UpdateWebhookInput {
  url?: string | null;
  /** null clears it. */
  description?: string | null;
  /** null: every event. */
  filter?: EventFilter | null;
  /** false disables; true re-enables (delivery resumes from where it stopped). */
  active?: boolean | null;
}

/** The secret is in this answer only: it is never shown again (rotate to get a new one). */
export interface WebhookWithSecret {
  webhook: Webhook;
  secret: string;
}

/**
 * Checks a webhook URL before it is stored: the transport's rule (the server's SSRF guard:
 * scheme, addresses it refuses). Throws BAD_USER_INPUT; answers the URL as it will be stored.
 */
export type WebhookUrlCheck = (url: string) => string;

/** http(s) and nothing else (validation.ts's URL rule), when no transport rule is given (the server always gives one). */
export const SYNTACTIC_URL_CHECK: WebhookUrlCheck = (url) => optionalUrl('url', url)!;

/**
 * Managing webhooks: each is its owner's (the policy's `webhook.*` rules), and receives only the
 * events its owner may see. The dispatcher (src/server/webhooks) delivers; this only stores.
 */
export class Webhooks {
  constructor(
    private readonly runtime: Runtime,
    private readonly store: WebhookStore,
    private readonly checkUrl: WebhookUrlCheck,
  ) {}

  async create(input: CreateWebhookInput, options: CallOptions): Promise<WebhookWithSecret> {
    const judge = new Judge(this.runtime, callerOf(options));
    const ownerDid = input.ownerDid == null ? judge.caller.did : requireDid('ownerDid', input.ownerDid);
    const url = this.url(input.url);
    const description = optionalText('description', input.description, LIMITS.longText) ?? null;
    const filter = parseEventFilter(input.filter);
    const at = this.runtime.timestamp();
    const secret = newWebhookSecret();
    const webhook: StoredWebhook = {
      id: this.runtime.newId('webhook'),
      ownerDid: ownerDid ?? '',
      url,
      description,
      filter,
      active: true,
      createdAt: at,
      updatedAt: at,
      disabledAt: null,
      disabledReason: null,
      lastSuccessAt: null,
      consecutiveFailures: 0,
      cursor: 0,
      secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      nextAttemptAt: null,
    };
    await judge.authorize('webhook.manage', { kind: 'webhook', current: null, next: publicWebhook(webhook) });
    // Events from now on: the log's end as it stands when the webhook is made.
    webhook.cursor = await this.runtime.store.lastEventSequence();
    await this.store.insertWebhook(webhook);
    return { webhook: publicWebhook(webhook), secret };
  }

  async update(id: string, input: UpdateWebhookInput, options: CallOptions): Promise<Webhook> {
    const { judge, stored } = await this.own(id, options);
    const at = this.runtime.timestamp();
    const next: StoredWebhook = { ...stored, updatedAt: at };
    if (input.url != null) next.url = this.url(input.url);
    if (input.description !== undefined) next.description = optionalText('description', input.description, LIMITS.longText) ?? null;
    if (input.filter !== undefined) next.filter = parseEventFilter(input.filter);
    let resume = false;
    if (input.active != null) {
      if (typeof input.active !== 'boolean') throw new BadUserInputError('active must be a boolean');
      if (input.active && !stored.active) {
        // Re-enabled: the dispatcher looks at once, and resumes from the cursor (and any pending delivery).
        Object.assign(next, { active: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, nextAttemptAt: at });
        resume = true;
      } else if (!input.active && stored.active) {
        Object.assign(next, { active: false, disabledAt: at, disabledReason: 'disabled by its owner' });
      }
    }
    await judge.authorize('webhook.manage', { kind: 'webhook', current: publicWebhook(stored), next: publicWebhook(next) });
    if (!(await this.store.updateWebhook(next, resume))) throw new NotFoundError(`Unknown webhook ${id}`);
    return publicWebhook(next);
  }

  async delete(id: string, options: CallOptions): Promise<Webhook> {
    const { stored } = await this.own(id, options);
    if (!(await this.store.deleteWebhook(id))) throw new NotFoundError(`Unknown webhook ${id}`);
    return publicWebhook(stored);
  }

  /** A new secret; the old one signs too for 24 hours, so receivers can switch without losing a delivery. */
  async rotateSecret(id: string, options: CallOptions): Promise<WebhookWithSecret> {
    const { stored } = await this.own(id, options);
    const now = this.runtime.now();
    const secret = newWebhookSecret();
    const next: StoredWebhook = {
      ...stored,
      secret,
      previousSecret: stored.secret,
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS).toISOString(),
      updatedAt: now.toISOString(),
    };
    if (!(await this.store.updateWebhook(next))) throw new NotFoundError(`Unknown webhook ${id}`);
    return { webhook: publicWebhook(next), secret };
  }

  /** Sends a delivery's event again (pending, due now): for one given up on, or to replay one. */
  async redeliver(deliveryId: string, options: CallOptions): Promise<WebhookDelivery> {
    const id = requireId('id', deliveryId);
    const delivery = await this.store.getDelivery(id);
    if (!delivery) throw new NotFoundError(`Unknown webhook delivery ${id}`);
    await this.own(delivery.webhookId, options);
    const requeued = await this.store.requeueDelivery(id, this.runtime.timestamp());
    if (!requeued) throw new NotFoundError(`Unknown webhook delivery ${id}`);
    return requeued;
  }

  async get(ids: readonly string[], options: CallOptions): Promise<(Webhook | null)[]> {
    const judge = new Judge(this.runtime, callerOf(options));
    const stored = await this.store.getWebhooks(ids.map((id) => requireId('id', id)));
    const visible = await judge.visibleOrNull('webhook.read', stored, (webhook) => ({ kind: 'webhook', current: publicWebhook(webhook) }));
    return visible.map((webhook) => (webhook ? publicWebhook(webhook) : null));
  }

  /** The caller's webhooks, by id. */
  async list(page: PageRequest<string>, options: CallOptions): Promise<Page<Webhook>> {
    const judge = new Judge(this.runtime, callerOf(options));
    const query = parsePage(page, (field, raw) => requireId(field, raw));
    if (judge.caller.did === null) return { items: [], ...pageFlags(query, false) };
    const read = await this.store.listWebhooks(judge.caller.did, query);
    return { items: read.items.map(publicWebhook), ...pageFlags(query, read.more) };
  }

  /** A webhook's deliveries, oldest first (`last: n` for the newest), with every attempt. */
  async deliveries(webhookId: string, page: PageRequest<number>, options: CallOptions): Promise<Page<WebhookDelivery>> {
    await this.own(webhookId, options);
    const query = parsePage(page, (field, raw) => requireSequence(field, raw));
    const read = await this.store.listDeliveries(webhookId, query);
    return { items: read.items, ...pageFlags(query, read.more) };
  }

  private url(raw: unknown): string {
    return this.checkUrl(requireText('url', raw, LIMITS.url));
  }

  /** The webhook, if the caller owns it (FORBIDDEN otherwise, UNAUTHENTICATED without a caller; NOT_FOUND when unknown). */
  private async own(rawId: string, options: CallOptions): Promise<{ judge: Judge; stored: StoredWebhook }> {
    const id = requireId('id', rawId);
    const judge = new Judge(this.runtime, callerOf(options));
    const [stored] = await this.store.getWebhooks([id]);
    if (!stored) throw new NotFoundError(`Unknown webhook ${id}`);
    await judge.authorize('webhook.manage', { kind: 'webhook', current: publicWebhook(stored) });
    return { judge, stored };
  }
}
