/**
 * The Apollo Router configurations this repository ships (docs/router.yaml, deploy/router.yaml)
 * and the compose stack's Router service. No Router binary comes from npm, so this is the check:
 *  - both files validate against the Router's own configuration schema (v2.13.1, draft-07;
 *    unknown keys are errors), after the `${env.NAME:-default}` expansion the Router does at start
 *    (mirrored below from the Router's source), with the defaults and with every variable set;
 *  - each section means what we want: AgentStack's errors reach clients unredacted, the limits are
 *    AgentStack's own, JWT verification matches AgentStack's, health check, CORS, telemetry;
 *  - docker-compose.yml pins the Router release of that schema and its health check works
 *    (run with bash against a stand-in health endpoint).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { Kind, parse as parseGraphQL, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BadUserInputError, ConflictError, ServiceUnavailableError, StreamEndedError } from '../../src/core/index.js';
import { extensionsOf } from '../../src/graphql/errors.js';
import { DEFAULT_OPERATION_LIMITS } from '../../src/graphql/limits.js';

const root = (path: string) => new URL(`../../${path}`, import.meta.url);
const read = (path: string) => readFileSync(root(path), 'utf8');

// The copy in shared/ when present (the workspace's), else the one vendored in schemas/.
const shared = new URL('../../../shared/schemas/apollo-router-2.13.1.config.schema.json', import.meta.url);
const schemaFile = existsSync(shared) ? shared : root('schemas/apollo-router-2.13.1.config.schema.json');
const ROUTER_VERSION = /apollo-router-(\d+\.\d+\.\d+)\.config\.schema\.json$/.exec(basename(fileURLToPath(schemaFile)))![1]!;

const FILES = ['docs/router.yaml', 'deploy/router.yaml'] as const;

/** What an operator must set; everything else has a default in the files. */
const REQUIRED_ENV = {
  AGENTSTACK_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
  AGENTSTACK_JWT_ISSUER: 'https://issuer.example',
};
const EVERY_VARIABLE_SET = {
  ...REQUIRED_ENV,
  AGENTSTACK_JWT_AUDIENCE: 'agentstack-eu',
  ROUTER_CORS_ORIGIN: 'https://app.example.com',
  ROUTER_OTLP_ENABLED: 'true',
  ROUTER_OTLP_ENDPOINT: 'http://collector:4318',
  ROUTER_OTLP_PROTOCOL: 'http',
  ROUTER_TRACES_SAMPLER: '0.25',
  OTEL_SERVICE_NAME: 'router-eu',
};

type Config = Record<string, any>;

/**
 * The Router's variable expansion (apollo-router/src/configuration/expansion.rs): in every string
 * value, `${env.NAME}` is the variable (an error when unset), `${env.NAME:-default}` falls back to
 * the default, and any other `$name` is an error (an unknown expansion mode). A value that changed
 * is re-read as YAML, so `"${env.X:-false}"` becomes the boolean false and `"0.25"` a number.
 */
function expandRouterVariables(value: unknown, env: Record<string, string | undefined>): unknown {
  if (Array.isArray(value)) return value.map((item) => expandRouterVariables(item, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandRouterVariables(item, env)]));
  }
  if (typeof value !== 'string' || !value.includes('$')) return value;
  const expanded = value.replace(/\$(?:\{([^}]*)\}|([A-Za-z0-9_]+))/g, (_match, braced: string | undefined, bare: string | undefined) => {
    const reference = braced ?? bare!;
    const [, name, fallback] = /^env\.([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(reference) ?? [];
    if (!name) throw new Error(`Unknown expansion ${JSON.stringify(reference)} in ${JSON.stringify(value)} (the Router supports env. and file.)`);
    const found = env[name];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback;
    throw new Error(`Cannot expand variable ${name}: it is not set and has no default`);
  });
  if (expanded === value) return value;
  const reparsed: unknown = parse(expanded);
  return typeof reparsed === 'boolean' || typeof reparsed === 'number' || reparsed === null ? reparsed : expanded;
}

const raw = (file: string) => parse(read(file)) as Config;
const load = (file: string, env: Record<string, string> = REQUIRED_ENV) => expandRouterVariables(raw(file), env) as Config;

// The schema uses formats like uint32 that ajv does not know: validate shapes, not formats.
const validate = new Ajv.default({ strict: false, logger: false, validateFormats: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

describe('Apollo Router configurations', () => {
  it.each(FILES)(`%s validates against the Router ${ROUTER_VERSION} schema, with the defaults and with every variable set`, (file) => {
    for (const env of [REQUIRED_ENV, EVERY_VARIABLE_SET]) {
      const valid = validate(load(file, env));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the schema really refuses an unknown key, and a string where a boolean belongs (the check can fail)', () => {
    expect(validate({ supergraph: { listen: '0.0.0.0:4000' }, not_a_router_key: true })).toBe(false);
    // Without the expansion, "${env.ROUTER_OTLP_ENABLED:-false}" is a string: the Router would refuse it.
    expect(validate(raw('docs/router.yaml'))).toBe(false);
  });

  it('the two files differ only in where the Rhai script lives', () => {
    const docs = load('docs/router.yaml');
    const deploy = load('deploy/router.yaml');
    expect(docs.rhai).toEqual({ scripts: './', main: 'router.rhai' });
    expect(deploy.rhai).toEqual({ scripts: '/config', main: 'router.rhai' });
    expect({ ...deploy, rhai: docs.rhai }).toEqual(docs);
  });

  describe.each(FILES)('%s', (file) => {
    it('lets clients see AgentStack errors as AgentStack wrote them (message and extensions), other subgraphs redacted', () => {
      const config = load(file);
      const errors = [
        new ConflictError('Task task_1 is at version 3, not 2'),
        new BadUserInputError('first must be at most 500'),
        new StreamEndedError('SUBSCRIPTION_OVERFLOW', 4711, 'Subscription ended: resubscribe with after: "4711"'),
        new ServiceUnavailableError('The database is restarting: nothing was changed, retry later', 'unknown'),
      ].map((error) => ({ message: error.message, extensions: extensionsOf(error) }));
      for (const error of errors) {
        expect(clientView(config, 'agentstack', error)).toEqual({ message: error.message, extensions: { ...error.extensions, service: 'agentstack' } });
      }
      expect(clientView(config, 'agentstack', errors[2]!).extensions).toMatchObject({ code: 'SUBSCRIPTION_OVERFLOW', resumeAfter: '4711', retryable: true });
      expect(clientView(config, 'agentstack', errors[3]!).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', outcome: 'unknown', retryable: true });
      expect(clientView(config, 'coinpay', { message: 'card declined: issuer 0x2f', extensions: { code: 'DECLINED' } })).toEqual({
        message: 'Subgraph errors redacted',
        extensions: {},
      });
    });

    it("refuses at the edge what AgentStack refuses: its default limits (depth, aliases, root fields, 1 MiB body)", () => {
      const { limits } = load(file);
      expect(limits).toMatchObject({
        max_depth: DEFAULT_OPERATION_LIMITS.depth,
        max_aliases: DEFAULT_OPERATION_LIMITS.aliases,
        max_root_fields: DEFAULT_OPERATION_LIMITS.rootFields,
        // express.json({ limit: '1mb' }) in src/server/app.ts: PAYLOAD_TOO_LARGE above 1 MiB.
        http_max_request_bytes: 1024 * 1024,
        warn_only: false,
      });
      expect(limits.max_height).toBeGreaterThan(0);
    });

    it('verifies JWTs as AgentStack does: the same key set, algorithms, issuer and audience, exp required', () => {
      const { jwt } = load(file).authentication.router;
      expect(jwt).toMatchObject({ header_name: 'authorization', header_value_prefix: 'Bearer' });
      expect(jwt.jwks).toEqual([
        expect.objectContaining({
          url: REQUIRED_ENV.AGENTSTACK_JWKS_URL,
          issuers: [REQUIRED_ENV.AGENTSTACK_JWT_ISSUER],
          audiences: ['agentstack'],
          allow_missing_exp: false,
        }),
      ]);
      expect([...jwt.jwks[0].algorithms].sort()).toEqual([...agentStackJwksAlgorithms()].sort());
      expect(load(file, EVERY_VARIABLE_SET).authentication.router.jwt.jwks[0].audiences).toEqual(['agentstack-eu']);
      // No default key set or issuer: a Router started without them refuses to start.
      expect(() => load(file, { AGENTSTACK_JWT_ISSUER: REQUIRED_ENV.AGENTSTACK_JWT_ISSUER })).toThrow(/AGENTSTACK_JWKS_URL/);
      expect(() => load(file, { AGENTSTACK_JWKS_URL: REQUIRED_ENV.AGENTSTACK_JWKS_URL })).toThrow(/AGENTSTACK_JWT_ISSUER/);
      // The token still reaches AgentStack, which verifies it again.
      expect(load(file).headers.subgraphs.agentstack.request).toContainEqual({ propagate: { named: 'authorization' } });
    });

    it('serves a health check reachable from outside its container', () => {
      expect(load(file).health_check).toEqual({ enabled: true, listen: '0.0.0.0:8088', path: '/health' });
    });

    it('allows explicit browser origins only (no wildcard, no credentials)', () => {
      const { cors } = load(file);
      expect(cors.allow_any_origin).toBe(false);
      expect(cors.allow_credentials).toBe(false);
      expect(cors.policies.length).toBeGreaterThan(0);
      for (const policy of cors.policies) {
        expect(policy.match_origins ?? []).toEqual([]);
        for (const origin of policy.origins) expect(new URL(origin).origin).toBe(origin);
        expect(policy.allow_headers).toEqual(expect.arrayContaining(['content-type', 'authorization']));
      }
      expect(cors.policies[0].origins).toEqual(['http://localhost:3000']);
      expect(load(file, EVERY_VARIABLE_SET).cors.policies[0].origins).toEqual(['https://app.example.com']);
    });

    it('exposes Prometheus metrics; exports traces over OTLP only when asked, propagating W3C trace context', () => {
      const { exporters } = load(file).telemetry;
      expect(exporters.metrics.prometheus).toEqual({ enabled: true, listen: '0.0.0.0:9090', path: '/metrics' });
      expect(exporters.tracing.propagation.trace_context).toBe(true);
      expect(exporters.tracing.otlp).toEqual({ enabled: false, endpoint: 'http://127.0.0.1:4317', protocol: 'grpc' });
      expect(exporters.tracing.common).toMatchObject({ service_name: 'agentstack-router', sampler: 'always_on' });
      const configured = load(file, EVERY_VARIABLE_SET).telemetry.exporters;
      expect(configured.tracing.otlp).toEqual({ enabled: true, endpoint: 'http://collector:4318', protocol: 'http' });
      expect(configured.tracing.common).toMatchObject({ service_name: 'router-eu', sampler: 0.25 });
    });
  });

  it("fits every client document (src/client/operations) within the Router's limits, counted as the Router counts", () => {
    const { limits } = load('deploy/router.yaml');
    const documents = readdirSync(root('src/client/operations'))
      .filter((name) => name.endsWith('.graphql'))
      .map((name) => read(`src/client/operations/${name}`))
      .join('\n');
    const operations = measureOperations(documents);
    expect(operations.length).toBeGreaterThan(10);
    for (const { name, depth, height, aliases, rootFields } of operations) {
      expect(depth, `${name}: depth`).toBeLessThanOrEqual(limits.max_depth);
      expect(height, `${name}: height`).toBeLessThanOrEqual(limits.max_height);
      expect(aliases, `${name}: aliases`).toBeLessThanOrEqual(limits.max_aliases);
      expect(rootFields, `${name}: root fields`).toBeLessThanOrEqual(limits.max_root_fields);
    }
  });
});

describe("docker-compose.yml's Router", () => {
  const compose = parse(read('docker-compose.yml')) as Config;
  const router = compose.services.router;
  const config = load('deploy/router.yaml');
  let standIn: Server | undefined;

  afterEach(async () => {
    standIn?.closeAllConnections();
    await new Promise((resolve) => standIn?.close(resolve) ?? resolve(undefined));
    standIn = undefined;
  });

  it(`pins the Router release whose schema validates deploy/router.yaml (v${ROUTER_VERSION}) and mounts that file`, () => {
    expect(router.image).toBe(`ghcr.io/apollographql/router:v${ROUTER_VERSION}`);
    expect(router.volumes).toContain('./deploy/router.yaml:/config/router.yaml:ro');
    expect(router.command).toEqual(['--config', '/config/router.yaml', '--supergraph', '/config/supergraph.graphql']);
  });

  it("passes every variable deploy/router.yaml needs (those without a default)", () => {
    const needed = [...read('deploy/router.yaml').matchAll(/\$\{env\.([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!);
    expect(needed.sort()).toEqual(['AGENTSTACK_JWKS_URL', 'AGENTSTACK_JWT_ISSUER']);
    for (const name of needed) expect(Object.keys(router.environment)).toContain(name);
    // AgentStack checks the same issuer and audience as the router.
    for (const replica of ['agentstack-a', 'agentstack-b']) {
      for (const name of ['AGENTSTACK_JWKS_URL', 'AGENTSTACK_JWT_ISSUER', 'AGENTSTACK_JWT_AUDIENCE']) {
        expect(compose.services[replica].environment[name], `${replica} ${name}`).toBe(router.environment[name]);
      }
    }
  });

  it("probes the router's health_check readiness endpoint with bash alone: 200 healthy; 503 or nothing listening unhealthy", async () => {
    const [cmd, shell, flag, script] = router.healthcheck.test as string[];
    expect([cmd, shell, flag]).toEqual(['CMD', 'bash', '-c']);
    const port = /:(\d+)$/.exec(config.health_check.listen)![1]!;
    // Compose reads `$$` as a literal `$`.
    const command = script!.replaceAll('$$', '$');
    expect(command).toContain(`/dev/tcp/127.0.0.1/${port} `);
    expect(command).toContain(`GET ${config.health_check.path}?ready HTTP/1.1`);
    expect(command).not.toMatch(/\b(curl|wget|nc|node)\b/);
    expect(router.healthcheck).toMatchObject({ interval: expect.any(String), timeout: expect.any(String), retries: expect.any(Number) });

    let status = 200;
    const asked: string[] = [];
    standIn = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status: status === 200 ? 'UP' : 'DOWN' }));
    });
    await new Promise<void>((resolve) => standIn!.listen(0, '127.0.0.1', resolve));
    const standInPort = (standIn.address() as AddressInfo).port;
    const probe = (targetPort: number) => runBash(command.replace(`/dev/tcp/127.0.0.1/${port}`, `/dev/tcp/127.0.0.1/${targetPort}`));

    expect(await probe(standInPort)).toBe(0);
    expect(asked).toEqual([`${config.health_check.path}?ready`]);
    status = 503;
    expect(await probe(standInPort)).not.toBe(0);
    standIn.closeAllConnections();
    await new Promise((resolve) => standIn!.close(resolve));
    standIn = undefined;
    expect(await probe(standInPort)).not.toBe(0);
  });
});

/** The algorithms AgentStack accepts from a key set, read from its source (src/server/identity.ts). */
function agentStackJwksAlgorithms(): string[] {
  const match = /const JWKS_ALGORITHMS = \[([^\]]*)\]/.exec(read('src/server/identity.ts'));
  if (!match) throw new Error('src/server/identity.ts no longer declares JWKS_ALGORITHMS: update this test to read the algorithms from where they live now');
  return [...match[1]!.matchAll(/'([^']+)'/g)].map((algorithm) => algorithm[1]!);
}

interface SubgraphError {
  message: string;
  extensions: Record<string, unknown>;
}

type ErrorMode = boolean | { redact_message?: boolean | null; allow_extensions_keys?: string[]; deny_extensions_keys?: string[]; exclude_global_keys?: string[] };

/**
 * What a client sees of a subgraph's error under `include_subgraph_errors`, per the Router's
 * documentation (Subgraph Error Inclusion): a subgraph's entry overrides `all`; `true` passes the
 * message and every extension plus `service`; `false` (the default) redacts the message and drops
 * every extension; an object may redact the message and allow or deny extension keys.
 */
function clientView(config: Config, subgraph: string, error: SubgraphError): SubgraphError {
  const inclusion = config.include_subgraph_errors ?? {};
  const all: ErrorMode = inclusion.all ?? false;
  const mode: ErrorMode = inclusion.subgraphs?.[subgraph] ?? all;
  const redacted = { message: 'Subgraph errors redacted', extensions: {} };
  if (mode === false) return redacted;
  const extensions: Record<string, unknown> = { ...error.extensions, service: subgraph };
  if (mode === true) return { message: error.message, extensions };
  if (typeof all === 'boolean') throw new Error('include_subgraph_errors: with a boolean `all`, every subgraph entry must be a boolean');
  const global = typeof all === 'object' ? all : {};
  const inherited = (keys: string[] | undefined) => (keys ?? []).filter((key) => !(mode.exclude_global_keys ?? []).includes(key));
  let allow: string[] | null = null;
  let deny: string[] | null = null;
  if (mode.allow_extensions_keys) allow = [...(global.allow_extensions_keys ? inherited(global.allow_extensions_keys) : []), ...mode.allow_extensions_keys];
  else if (mode.deny_extensions_keys) deny = [...(global.deny_extensions_keys ? inherited(global.deny_extensions_keys) : []), ...mode.deny_extensions_keys];
  else if (global.allow_extensions_keys) allow = inherited(global.allow_extensions_keys);
  else if (global.deny_extensions_keys) deny = inherited(global.deny_extensions_keys);
  const kept = Object.fromEntries(
    Object.entries(extensions).filter(([key]) => (allow ? allow.includes(key) : true) && (deny ? !deny.includes(key) : true)),
  );
  const redactMessage = mode.redact_message ?? global.redact_message ?? false;
  return { message: redactMessage ? redacted.message : error.message, extensions: kept };
}

interface OperationMeasure {
  name: string;
  depth: number;
  height: number;
  aliases: number;
  rootFields: number;
}

/** Depth, height, aliases and root fields of each operation, fragments expanded, as the Router's `limits` count them. */
function measureOperations(source: string): OperationMeasure[] {
  const document = parseGraphQL(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields = (set: SelectionSetNode): { key: string; alias: boolean; set: SelectionSetNode | undefined }[] =>
    set.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return [{ key: selection.alias?.value ?? selection.name.value, alias: !!selection.alias, set: selection.selectionSet }];
      if (selection.kind === Kind.INLINE_FRAGMENT) return fields(selection.selectionSet);
      return fields(fragments.get(selection.name.value)!.selectionSet);
    });
  const depth = (set: SelectionSetNode): number => Math.max(0, ...fields(set).map((field) => 1 + (field.set ? depth(field.set) : 0)));
  // Height: fields with the same response key in one selection set count once.
  const height = (set: SelectionSetNode): number => {
    const byKey = new Map<string, SelectionSetNode[]>();
    for (const field of fields(set)) byKey.set(field.key, [...(byKey.get(field.key) ?? []), ...(field.set ? [field.set] : [])]);
    return [...byKey.values()].reduce((sum, sets) => sum + 1 + sets.reduce((inner, child) => inner + height(child), 0), 0);
  };
  const aliases = (set: SelectionSetNode): number => fields(set).reduce((sum, field) => sum + (field.alias ? 1 : 0) + (field.set ? aliases(field.set) : 0), 0);
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION
      ? [
          {
            name: definition.name?.value ?? '(anonymous)',
            depth: depth(definition.selectionSet),
            height: height(definition.selectionSet),
            aliases: aliases(definition.selectionSet),
            rootFields: fields(definition.selectionSet).length,
          },
        ]
      : [],
  );
}

/** Runs a bash command line (as the health check does), bounded: its exit code, or -1 when killed after 5 s. */
function runBash(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}
