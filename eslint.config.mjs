// ESLint lints one file here: schema.graphql, the public contract (`npm run lint:schema`, in CI).
// The rules are @graphql-eslint's `schema-recommended` and `schema-relay` sets; every place where
// AgentStack deliberately differs is adjusted below, with the reason next to it.
//
// Federation: the schema uses directives it does not define (@key, @shareable, @authenticated,
// @cost, @listSize, imported by `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9")`).
// @graphql-eslint 4 recognises a federation `@link` and builds the schema the rules check against
// with @apollo/subgraph's buildSubgraphSchema (the same function the server uses), so those
// directives, their arguments and `_entities`/`_service` are known exactly as the subgraph serves
// them; nothing is redeclared here that could drift from the federation spec.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,

      // Stricter than recommended (which asks only for types and root fields): every type, field,
      // argument, input field, enum value and directive definition is documented, because app
      // developers read the contract in a GraphQL IDE. InputValueDefinition covers both
      // arguments and input fields.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],

      // Off: the house style is `"…"` for a one-line description and a `"""` block for a longer
      // one; the rule can only demand one style for all.
      '@graphql-eslint/description-style': 'off',

      // Entities are keyed by what identifies them across subgraphs: Agent and User by `did`
      // (a DID, `@key(fields: "did")`), the others by `id` (the reference types PaymentIntent,
      // Escrow, ReputationEvent and Gig carry only `id`, as their owning subgraphs key them).
      // Connections, edges and PageInfo are pagination wrappers, not things with an identity;
      // an AgentStackEvent is identified by its `cursor` (its sequence in the event log).
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id', 'did'],
          acceptedIdTypes: ['ID'],
          exceptions: { types: ['PageInfo', 'AgentStackEvent', 'WebhookEventFilter', 'WebhookAttempt'], suffixes: ['Connection', 'Edge', 'Payload'] },
        },
      ],

      // Relay connections, edges, PageInfo and arguments (first/after, last/before) are checked as
      // Relay specifies them, with two adjustments:
      //  - shouldImplementNode: false: AgentStack has no Relay `Node` interface and no
      //    `Query.node(id:)`; in a federated graph entities are fetched by their `@key` through
      //    the router (`_entities`), and Agent/User are keyed by `did`, not a global `id`;
      //  - listTypeCanWrapOnlyEdgeType: false: plain lists of values (`supportedProtocols`,
      //    `scopes`, a filter's `types`) are short and bounded, not paginated collections.
      '@graphql-eslint/relay-edge-types': [
        'error',
        { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false },
      ],
    },
  },
];
