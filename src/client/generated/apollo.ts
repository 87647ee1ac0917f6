import type { FieldPolicy, FieldReadFunction, TypePolicies, TypePolicy } from '@apollo/client/cache';
export type AgentKeySpecifier = ('createdAt' | 'delegations' | 'did' | 'inboxUrl' | 'metadata' | 'name' | 'owner' | 'ownerDid' | 'reputationScore' | 'sourceApp' | 'supportedProtocols' | 'taskEndpoint' | 'tasks' | 'updatedAt' | AgentKeySpecifier)[];
export type AgentFieldPolicy = {
	createdAt?: FieldPolicy<any> | FieldReadFunction<any>,
	delegations?: FieldPolicy<any> | FieldReadFunction<any>,
	did?: FieldPolicy<any> | FieldReadFunction<any>,
	inboxUrl?: FieldPolicy<any> | FieldReadFunction<any>,
	metadata?: FieldPolicy<any> | FieldReadFunction<any>,
	name?: FieldPolicy<any> | FieldReadFunction<any>,
	owner?: FieldPolicy<any> | FieldReadFunction<any>,
	ownerDid?: FieldPolicy<any> | FieldReadFunction<any>,
	reputationScore?: FieldPolicy<any> | FieldReadFunction<any>,
	sourceApp?: FieldPolicy<any> | FieldReadFunction<any>,
	supportedProtocols?: FieldPolicy<any> | FieldReadFunction<any>,
	taskEndpoint?: FieldPolicy<any> | FieldReadFunction<any>,
	tasks?: FieldPolicy<any> | FieldReadFunction<any>,
	updatedAt?: FieldPolicy<any> | FieldReadFunction<any>
};
export type AgentConnectionKeySpecifier = ('edges' | 'pageInfo' | AgentConnectionKeySpecifier)[];
export type AgentConnectionFieldPolicy = {
	edges?: FieldPolicy<any> | FieldReadFunction<any>,
	pageInfo?: FieldPolicy<any> | FieldReadFunction<any>
};
export type AgentEdgeKeySpecifier = ('cursor' | 'node' | AgentEdgeKeySpecifier)[];
export type AgentEdgeFieldPolicy = {
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	node?: FieldPolicy<any> | FieldReadFunction<any>
};
export type AgentStackEventKeySpecifier = ('actorApp' | 'actorDid' | 'agent' | 'cursor' | 'grant' | 'occurredAt' | 'task' | 'type' | 'webhook' | AgentStackEventKeySpecifier)[];
export type AgentStackEventFieldPolicy = {
	actorApp?: FieldPolicy<any> | FieldReadFunction<any>,
	actorDid?: FieldPolicy<any> | FieldReadFunction<any>,
	agent?: FieldPolicy<any> | FieldReadFunction<any>,
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	grant?: FieldPolicy<any> | FieldReadFunction<any>,
	occurredAt?: FieldPolicy<any> | FieldReadFunction<any>,
	task?: FieldPolicy<any> | FieldReadFunction<any>,
	type?: FieldPolicy<any> | FieldReadFunction<any>,
	webhook?: FieldPolicy<any> | FieldReadFunction<any>
};
export type AgentStackEventConnectionKeySpecifier = ('edges' | 'pageInfo' | AgentStackEventConnectionKeySpecifier)[];
export type AgentStackEventConnectionFieldPolicy = {
	edges?: FieldPolicy<any> | FieldReadFunction<any>,
	pageInfo?: FieldPolicy<any> | FieldReadFunction<any>
};
export type AgentStackEventEdgeKeySpecifier = ('cursor' | 'node' | AgentStackEventEdgeKeySpecifier)[];
export type AgentStackEventEdgeFieldPolicy = {
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	node?: FieldPolicy<any> | FieldReadFunction<any>
};
export type DelegationGrantKeySpecifier = ('active' | 'agent' | 'agentDid' | 'createdAt' | 'expiresAt' | 'grantorDid' | 'id' | 'owner' | 'ownerDid' | 'parentGrantId' | 'revokedAt' | 'scopes' | DelegationGrantKeySpecifier)[];
export type DelegationGrantFieldPolicy = {
	active?: FieldPolicy<any> | FieldReadFunction<any>,
	agent?: FieldPolicy<any> | FieldReadFunction<any>,
	agentDid?: FieldPolicy<any> | FieldReadFunction<any>,
	createdAt?: FieldPolicy<any> | FieldReadFunction<any>,
	expiresAt?: FieldPolicy<any> | FieldReadFunction<any>,
	grantorDid?: FieldPolicy<any> | FieldReadFunction<any>,
	id?: FieldPolicy<any> | FieldReadFunction<any>,
	owner?: FieldPolicy<any> | FieldReadFunction<any>,
	ownerDid?: FieldPolicy<any> | FieldReadFunction<any>,
	parentGrantId?: FieldPolicy<any> | FieldReadFunction<any>,
	revokedAt?: FieldPolicy<any> | FieldReadFunction<any>,
	scopes?: FieldPolicy<any> | FieldReadFunction<any>
};
export type DelegationGrantConnectionKeySpecifier = ('edges' | 'pageInfo' | DelegationGrantConnectionKeySpecifier)[];
export type DelegationGrantConnectionFieldPolicy = {
	edges?: FieldPolicy<any> | FieldReadFunction<any>,
	pageInfo?: FieldPolicy<any> | FieldReadFunction<any>
};
export type DelegationGrantEdgeKeySpecifier = ('cursor' | 'node' | DelegationGrantEdgeKeySpecifier)[];
export type DelegationGrantEdgeFieldPolicy = {
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	node?: FieldPolicy<any> | FieldReadFunction<any>
};
export type EscrowKeySpecifier = ('id' | EscrowKeySpecifier)[];
export type EscrowFieldPolicy = {
	id?: FieldPolicy<any> | FieldReadFunction<any>
};
export type GigKeySpecifier = ('id' | GigKeySpecifier)[];
export type GigFieldPolicy = {
	id?: FieldPolicy<any> | FieldReadFunction<any>
};
export type MutationKeySpecifier = ('assignTask' | 'claimTask' | 'createTask' | 'createWebhook' | 'delegate' | 'deleteWebhook' | 'publishTask' | 'redeliverWebhookDelivery' | 'registerAgent' | 'revokeDelegation' | 'rotateWebhookSecret' | 'updateTaskStatus' | 'updateWebhook' | MutationKeySpecifier)[];
export type MutationFieldPolicy = {
	assignTask?: FieldPolicy<any> | FieldReadFunction<any>,
	claimTask?: FieldPolicy<any> | FieldReadFunction<any>,
	createTask?: FieldPolicy<any> | FieldReadFunction<any>,
	createWebhook?: FieldPolicy<any> | FieldReadFunction<any>,
	delegate?: FieldPolicy<any> | FieldReadFunction<any>,
	deleteWebhook?: FieldPolicy<any> | FieldReadFunction<any>,
	publishTask?: FieldPolicy<any> | FieldReadFunction<any>,
	redeliverWebhookDelivery?: FieldPolicy<any> | FieldReadFunction<any>,
	registerAgent?: FieldPolicy<any> | FieldReadFunction<any>,
	revokeDelegation?: FieldPolicy<any> | FieldReadFunction<any>,
	rotateWebhookSecret?: FieldPolicy<any> | FieldReadFunction<any>,
	updateTaskStatus?: FieldPolicy<any> | FieldReadFunction<any>,
	updateWebhook?: FieldPolicy<any> | FieldReadFunction<any>
};
export type PageInfoKeySpecifier = ('endCursor' | 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | PageInfoKeySpecifier)[];
export type PageInfoFieldPolicy = {
	endCursor?: FieldPolicy<any> | FieldReadFunction<any>,
	hasNextPage?: FieldPolicy<any> | FieldReadFunction<any>,
	hasPreviousPage?: FieldPolicy<any> | FieldReadFunction<any>,
	startCursor?: FieldPolicy<any> | FieldReadFunction<any>
};
export type PaymentIntentKeySpecifier = ('id' | PaymentIntentKeySpecifier)[];
export type PaymentIntentFieldPolicy = {
	id?: FieldPolicy<any> | FieldReadFunction<any>
};
export type QueryKeySpecifier = ('agent' | 'agentStackEvents' | 'agents' | 'delegation' | 'delegations' | 'hasDelegation' | 'task' | 'tasks' | 'webhookDeliveries' | 'webhooks' | QueryKeySpecifier)[];
export type QueryFieldPolicy = {
	agent?: FieldPolicy<any> | FieldReadFunction<any>,
	agentStackEvents?: FieldPolicy<any> | FieldReadFunction<any>,
	agents?: FieldPolicy<any> | FieldReadFunction<any>,
	delegation?: FieldPolicy<any> | FieldReadFunction<any>,
	delegations?: FieldPolicy<any> | FieldReadFunction<any>,
	hasDelegation?: FieldPolicy<any> | FieldReadFunction<any>,
	task?: FieldPolicy<any> | FieldReadFunction<any>,
	tasks?: FieldPolicy<any> | FieldReadFunction<any>,
	webhookDeliveries?: FieldPolicy<any> | FieldReadFunction<any>,
	webhooks?: FieldPolicy<any> | FieldReadFunction<any>
};
export type ReputationEventKeySpecifier = ('id' | ReputationEventKeySpecifier)[];
export type ReputationEventFieldPolicy = {
	id?: FieldPolicy<any> | FieldReadFunction<any>
};
export type SubscriptionKeySpecifier = ('agentStackEvents' | 'taskStatusChanged' | SubscriptionKeySpecifier)[];
export type SubscriptionFieldPolicy = {
	agentStackEvents?: FieldPolicy<any> | FieldReadFunction<any>,
	taskStatusChanged?: FieldPolicy<any> | FieldReadFunction<any>
};
export type TaskKeySpecifier = ('assignee' | 'assigneeDid' | 'createdAt' | 'description' | 'escrow' | 'escrowId' | 'gig' | 'gigId' | 'id' | 'metadata' | 'owner' | 'ownerDid' | 'paymentIntent' | 'paymentIntentId' | 'published' | 'publishedAt' | 'reputationEvent' | 'reputationEventId' | 'sourceApp' | 'status' | 'title' | 'updatedAt' | 'version' | TaskKeySpecifier)[];
export type TaskFieldPolicy = {
	assignee?: FieldPolicy<any> | FieldReadFunction<any>,
	assigneeDid?: FieldPolicy<any> | FieldReadFunction<any>,
	createdAt?: FieldPolicy<any> | FieldReadFunction<any>,
	description?: FieldPolicy<any> | FieldReadFunction<any>,
	escrow?: FieldPolicy<any> | FieldReadFunction<any>,
	escrowId?: FieldPolicy<any> | FieldReadFunction<any>,
	gig?: FieldPolicy<any> | FieldReadFunction<any>,
	gigId?: FieldPolicy<any> | FieldReadFunction<any>,
	id?: FieldPolicy<any> | FieldReadFunction<any>,
	metadata?: FieldPolicy<any> | FieldReadFunction<any>,
	owner?: FieldPolicy<any> | FieldReadFunction<any>,
	ownerDid?: FieldPolicy<any> | FieldReadFunction<any>,
	paymentIntent?: FieldPolicy<any> | FieldReadFunction<any>,
	paymentIntentId?: FieldPolicy<any> | FieldReadFunction<any>,
	published?: FieldPolicy<any> | FieldReadFunction<any>,
	publishedAt?: FieldPolicy<any> | FieldReadFunction<any>,
	reputationEvent?: FieldPolicy<any> | FieldReadFunction<any>,
	reputationEventId?: FieldPolicy<any> | FieldReadFunction<any>,
	sourceApp?: FieldPolicy<any> | FieldReadFunction<any>,
	status?: FieldPolicy<any> | FieldReadFunction<any>,
	title?: FieldPolicy<any> | FieldReadFunction<any>,
	updatedAt?: FieldPolicy<any> | FieldReadFunction<any>,
	version?: FieldPolicy<any> | FieldReadFunction<any>
};
export type TaskConnectionKeySpecifier = ('edges' | 'pageInfo' | TaskConnectionKeySpecifier)[];
export type TaskConnectionFieldPolicy = {
	edges?: FieldPolicy<any> | FieldReadFunction<any>,
	pageInfo?: FieldPolicy<any> | FieldReadFunction<any>
};
export type TaskEdgeKeySpecifier = ('cursor' | 'node' | TaskEdgeKeySpecifier)[];
export type TaskEdgeFieldPolicy = {
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	node?: FieldPolicy<any> | FieldReadFunction<any>
};
export type UserKeySpecifier = ('delegations' | 'did' | 'tasks' | UserKeySpecifier)[];
export type UserFieldPolicy = {
	delegations?: FieldPolicy<any> | FieldReadFunction<any>,
	did?: FieldPolicy<any> | FieldReadFunction<any>,
	tasks?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookKeySpecifier = ('active' | 'consecutiveFailures' | 'createdAt' | 'cursor' | 'description' | 'disabledAt' | 'disabledReason' | 'filter' | 'id' | 'lastSuccessAt' | 'ownerDid' | 'updatedAt' | 'url' | WebhookKeySpecifier)[];
export type WebhookFieldPolicy = {
	active?: FieldPolicy<any> | FieldReadFunction<any>,
	consecutiveFailures?: FieldPolicy<any> | FieldReadFunction<any>,
	createdAt?: FieldPolicy<any> | FieldReadFunction<any>,
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	description?: FieldPolicy<any> | FieldReadFunction<any>,
	disabledAt?: FieldPolicy<any> | FieldReadFunction<any>,
	disabledReason?: FieldPolicy<any> | FieldReadFunction<any>,
	filter?: FieldPolicy<any> | FieldReadFunction<any>,
	id?: FieldPolicy<any> | FieldReadFunction<any>,
	lastSuccessAt?: FieldPolicy<any> | FieldReadFunction<any>,
	ownerDid?: FieldPolicy<any> | FieldReadFunction<any>,
	updatedAt?: FieldPolicy<any> | FieldReadFunction<any>,
	url?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookAttemptKeySpecifier = ('at' | 'error' | 'httpStatus' | 'latencyMs' | 'nextAttemptAt' | 'responseBody' | WebhookAttemptKeySpecifier)[];
export type WebhookAttemptFieldPolicy = {
	at?: FieldPolicy<any> | FieldReadFunction<any>,
	error?: FieldPolicy<any> | FieldReadFunction<any>,
	httpStatus?: FieldPolicy<any> | FieldReadFunction<any>,
	latencyMs?: FieldPolicy<any> | FieldReadFunction<any>,
	nextAttemptAt?: FieldPolicy<any> | FieldReadFunction<any>,
	responseBody?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookConnectionKeySpecifier = ('edges' | 'pageInfo' | WebhookConnectionKeySpecifier)[];
export type WebhookConnectionFieldPolicy = {
	edges?: FieldPolicy<any> | FieldReadFunction<any>,
	pageInfo?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookDeliveryKeySpecifier = ('attempts' | 'completedAt' | 'createdAt' | 'eventCursor' | 'eventType' | 'id' | 'nextAttemptAt' | 'status' | 'webhookId' | WebhookDeliveryKeySpecifier)[];
export type WebhookDeliveryFieldPolicy = {
	attempts?: FieldPolicy<any> | FieldReadFunction<any>,
	completedAt?: FieldPolicy<any> | FieldReadFunction<any>,
	createdAt?: FieldPolicy<any> | FieldReadFunction<any>,
	eventCursor?: FieldPolicy<any> | FieldReadFunction<any>,
	eventType?: FieldPolicy<any> | FieldReadFunction<any>,
	id?: FieldPolicy<any> | FieldReadFunction<any>,
	nextAttemptAt?: FieldPolicy<any> | FieldReadFunction<any>,
	status?: FieldPolicy<any> | FieldReadFunction<any>,
	webhookId?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookDeliveryConnectionKeySpecifier = ('edges' | 'pageInfo' | WebhookDeliveryConnectionKeySpecifier)[];
export type WebhookDeliveryConnectionFieldPolicy = {
	edges?: FieldPolicy<any> | FieldReadFunction<any>,
	pageInfo?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookDeliveryEdgeKeySpecifier = ('cursor' | 'node' | WebhookDeliveryEdgeKeySpecifier)[];
export type WebhookDeliveryEdgeFieldPolicy = {
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	node?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookEdgeKeySpecifier = ('cursor' | 'node' | WebhookEdgeKeySpecifier)[];
export type WebhookEdgeFieldPolicy = {
	cursor?: FieldPolicy<any> | FieldReadFunction<any>,
	node?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookEventFilterKeySpecifier = ('agentDid' | 'assigneeDid' | 'ownerDid' | 'statuses' | 'taskId' | 'types' | WebhookEventFilterKeySpecifier)[];
export type WebhookEventFilterFieldPolicy = {
	agentDid?: FieldPolicy<any> | FieldReadFunction<any>,
	assigneeDid?: FieldPolicy<any> | FieldReadFunction<any>,
	ownerDid?: FieldPolicy<any> | FieldReadFunction<any>,
	statuses?: FieldPolicy<any> | FieldReadFunction<any>,
	taskId?: FieldPolicy<any> | FieldReadFunction<any>,
	types?: FieldPolicy<any> | FieldReadFunction<any>
};
export type WebhookSecretPayloadKeySpecifier = ('secret' | 'webhook' | WebhookSecretPayloadKeySpecifier)[];
export type WebhookSecretPayloadFieldPolicy = {
	secret?: FieldPolicy<any> | FieldReadFunction<any>,
	webhook?: FieldPolicy<any> | FieldReadFunction<any>
};
export type StrictTypedTypePolicies = {
	Agent?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | AgentKeySpecifier | (() => undefined | AgentKeySpecifier),
		fields?: AgentFieldPolicy,
	},
	AgentConnection?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | AgentConnectionKeySpecifier | (() => undefined | AgentConnectionKeySpecifier),
		fields?: AgentConnectionFieldPolicy,
	},
	AgentEdge?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | AgentEdgeKeySpecifier | (() => undefined | AgentEdgeKeySpecifier),
		fields?: AgentEdgeFieldPolicy,
	},
	AgentStackEvent?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | AgentStackEventKeySpecifier | (() => undefined | AgentStackEventKeySpecifier),
		fields?: AgentStackEventFieldPolicy,
	},
	AgentStackEventConnection?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | AgentStackEventConnectionKeySpecifier | (() => undefined | AgentStackEventConnectionKeySpecifier),
		fields?: AgentStackEventConnectionFieldPolicy,
	},
	AgentStackEventEdge?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | AgentStackEventEdgeKeySpecifier | (() => undefined | AgentStackEventEdgeKeySpecifier),
		fields?: AgentStackEventEdgeFieldPolicy,
	},
	DelegationGrant?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | DelegationGrantKeySpecifier | (() => undefined | DelegationGrantKeySpecifier),
		fields?: DelegationGrantFieldPolicy,
	},
	DelegationGrantConnection?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | DelegationGrantConnectionKeySpecifier | (() => undefined | DelegationGrantConnectionKeySpecifier),
		fields?: DelegationGrantConnectionFieldPolicy,
	},
	DelegationGrantEdge?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | DelegationGrantEdgeKeySpecifier | (() => undefined | DelegationGrantEdgeKeySpecifier),
		fields?: DelegationGrantEdgeFieldPolicy,
	},
	Escrow?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | EscrowKeySpecifier | (() => undefined | EscrowKeySpecifier),
		fields?: EscrowFieldPolicy,
	},
	Gig?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | GigKeySpecifier | (() => undefined | GigKeySpecifier),
		fields?: GigFieldPolicy,
	},
	Mutation?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | MutationKeySpecifier | (() => undefined | MutationKeySpecifier),
		fields?: MutationFieldPolicy,
	},
	PageInfo?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | PageInfoKeySpecifier | (() => undefined | PageInfoKeySpecifier),
		fields?: PageInfoFieldPolicy,
	},
	PaymentIntent?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | PaymentIntentKeySpecifier | (() => undefined | PaymentIntentKeySpecifier),
		fields?: PaymentIntentFieldPolicy,
	},
	Query?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | QueryKeySpecifier | (() => undefined | QueryKeySpecifier),
		fields?: QueryFieldPolicy,
	},
	ReputationEvent?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | ReputationEventKeySpecifier | (() => undefined | ReputationEventKeySpecifier),
		fields?: ReputationEventFieldPolicy,
	},
	Subscription?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | SubscriptionKeySpecifier | (() => undefined | SubscriptionKeySpecifier),
		fields?: SubscriptionFieldPolicy,
	},
	Task?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | TaskKeySpecifier | (() => undefined | TaskKeySpecifier),
		fields?: TaskFieldPolicy,
	},
	TaskConnection?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | TaskConnectionKeySpecifier | (() => undefined | TaskConnectionKeySpecifier),
		fields?: TaskConnectionFieldPolicy,
	},
	TaskEdge?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | TaskEdgeKeySpecifier | (() => undefined | TaskEdgeKeySpecifier),
		fields?: TaskEdgeFieldPolicy,
	},
	User?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | UserKeySpecifier | (() => undefined | UserKeySpecifier),
		fields?: UserFieldPolicy,
	},
	Webhook?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookKeySpecifier | (() => undefined | WebhookKeySpecifier),
		fields?: WebhookFieldPolicy,
	},
	WebhookAttempt?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookAttemptKeySpecifier | (() => undefined | WebhookAttemptKeySpecifier),
		fields?: WebhookAttemptFieldPolicy,
	},
	WebhookConnection?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookConnectionKeySpecifier | (() => undefined | WebhookConnectionKeySpecifier),
		fields?: WebhookConnectionFieldPolicy,
	},
	WebhookDelivery?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookDeliveryKeySpecifier | (() => undefined | WebhookDeliveryKeySpecifier),
		fields?: WebhookDeliveryFieldPolicy,
	},
	WebhookDeliveryConnection?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookDeliveryConnectionKeySpecifier | (() => undefined | WebhookDeliveryConnectionKeySpecifier),
		fields?: WebhookDeliveryConnectionFieldPolicy,
	},
	WebhookDeliveryEdge?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookDeliveryEdgeKeySpecifier | (() => undefined | WebhookDeliveryEdgeKeySpecifier),
		fields?: WebhookDeliveryEdgeFieldPolicy,
	},
	WebhookEdge?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookEdgeKeySpecifier | (() => undefined | WebhookEdgeKeySpecifier),
		fields?: WebhookEdgeFieldPolicy,
	},
	WebhookEventFilter?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookEventFilterKeySpecifier | (() => undefined | WebhookEventFilterKeySpecifier),
		fields?: WebhookEventFilterFieldPolicy,
	},
	WebhookSecretPayload?: Omit<TypePolicy, "fields" | "keyFields"> & {
		keyFields?: false | WebhookSecretPayloadKeySpecifier | (() => undefined | WebhookSecretPayloadKeySpecifier),
		fields?: WebhookSecretPayloadFieldPolicy,
	}
};
export type TypedTypePolicies = StrictTypedTypePolicies & TypePolicies;

      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Principal": [
      "Agent",
      "User"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Principal": [
      "Agent",
      "User"
    ]
  }
};
      export default result;
    

/** InMemoryCache typePolicies: how each type is identified (generated from the schema's @key). */
export const typePolicies = {
  Agent: { keyFields: ["did"] },
  Task: { keyFields: ["id"] },
  DelegationGrant: { keyFields: ["id"] },
  User: { keyFields: ["did"] },
  PaymentIntent: { keyFields: ["id"] },
  Escrow: { keyFields: ["id"] },
  ReputationEvent: { keyFields: ["id"] },
  Gig: { keyFields: ["id"] },
  AgentStackEvent: { keyFields: ["cursor"] },
} satisfies StrictTypedTypePolicies;

/** InMemoryCache possibleTypes: the members of each union and interface (Principal). */
export const possibleTypes = result.possibleTypes;
