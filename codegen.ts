import type { CodegenConfig } from '@graphql-codegen/cli';
import { buildApiSchemaSdl, cacheKeyFields } from './src/graphql/api-schema.js';
import { EVENT_TYPE_VALUES, TASK_STATUS_VALUES, WEBHOOK_DELIVERY_STATUS_VALUES } from './src/graphql/enums.js';

/**
 * Three outputs from schema.graphql:
 *  - resolver types (federation mode, mapped onto the domain types of src/core), used by
 *    src/graphql/resolvers;
 *  - typed client documents (client preset) for src/client/operations/*.graphql, typed
 *    against the API schema that clients actually see;
 *  - Apollo Client's cache configuration (typePolicies, possibleTypes) in src/client/generated/apollo.ts.
 * `npm run codegen:check` fails when the committed output is stale.
 */
const config: CodegenConfig = {
  overwrite: true,
  generates: {
    'src/graphql/generated/resolvers-types.ts': {
      schema: 'schema.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#GraphQLContext',
        mappers: {
          Task: '../models.js#TaskModel',
          Agent: '../models.js#AgentModel',
          DelegationGrant: '../models.js#DelegationGrantModel',
          User: '../models.js#UserModel',
          PaymentIntent: '../models.js#EntityRefModel',
          Escrow: '../models.js#EntityRefModel',
          ReputationEvent: '../models.js#EntityRefModel',
          Gig: '../models.js#EntityRefModel',
          AgentStackEvent: '../models.js#EventModel',
          Webhook: '../models.js#WebhookModel',
          WebhookEventFilter: '../models.js#WebhookEventFilterModel',
          WebhookDelivery: '../models.js#WebhookDeliveryModel',
          WebhookAttempt: '../models.js#WebhookAttemptModel',
        },
        // The wire says PENDING / TASK_CREATED; resolvers and the core say 'pending' / 'task.created'.
        enumValues: { TaskStatus: TASK_STATUS_VALUES, AgentStackEventType: EVENT_TYPE_VALUES, WebhookDeliveryStatus: WEBHOOK_DELIVERY_STATUS_VALUES },
        scalars: {
          DateTime: 'string',
          JSON: '../../core/types.js#JsonValue',
        },
      },
    },
    // Apollo Client cache configuration: typePolicies (keyFields from @key: Agent and User by
    // did) and possibleTypes (the Principal union), typed with the client helpers.
    'src/client/generated/apollo.ts': {
      schema: buildApiSchemaSdl(),
      plugins: [
        'typescript-apollo-client-helpers',
        'fragment-matcher',
        { './scripts/codegen/apollo-type-policies.cjs': { keyFields: cacheKeyFields() } },
      ],
      config: { useTypeImports: true, useExplicitTyping: true, apolloClientVersion: 3, module: 'es2015' },
    },
    'src/client/generated/': {
      schema: buildApiSchemaSdl(),
      documents: ['src/client/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        importExtension: '.js',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
