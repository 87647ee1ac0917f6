/**
 * The Apollo Router configurations this repository ships (docs/router.yaml, deploy/router.yaml)
 * validate against the Router's own configuration schema (v2.13.1, draft-07): no Router binary
 * comes from npm, so this is the check that their keys exist and their values have the right shape.
 */
import { existsSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The copy in shared/ when present (the workspace's), else the one vendored in schemas/.
const shared = new URL('../../../shared/schemas/apollo-router-2.13.1.config.schema.json', import.meta.url);
const schemaFile = existsSync(shared) ? shared : new URL('../../schemas/apollo-router-2.13.1.config.schema.json', import.meta.url);

describe('Apollo Router configurations', () => {
  // The schema uses formats like uint32 that ajv does not know: validate shapes, not formats.
  const validate = new Ajv.default({ strict: false, logger: false, validateFormats: false }).compile(
    JSON.parse(readFileSync(schemaFile, 'utf8')),
  );

  it.each(['docs/router.yaml', 'deploy/router.yaml'])('%s validates, with JWT authentication and the token forwarded', (file) => {
    const config = parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as Record<string, any>;
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(config.authentication.router.jwt.jwks[0].url).toMatch(/^https:/);
    expect(config.headers.subgraphs.agentstack.request).toContainEqual({ propagate: { named: 'authorization' } });
  });

  it('the schema really refuses an unknown key (the check can fail)', () => {
    expect(validate({ supergraph: { listen: '0.0.0.0:4000' }, not_a_router_key: true })).toBe(false);
  });
});
