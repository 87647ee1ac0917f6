import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { agentStackManifest, agentStackPlugin } from '../../src/core/manifest.js';
import { EVENT_TYPES } from '../../src/core/protocol.js';

// LogicSRC's registry schema: the copy in shared/ when present (the live contract), else ours.
const shared = new URL('../../../shared/schemas/logicsrc-plugin.schema.json', import.meta.url);
const vendored = new URL('../../schemas/logicsrc-plugin.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(existsSync(shared) ? shared : vendored, 'utf8'));

describe('the LogicSRC plugin manifest', () => {
  const validate = new Ajv2020.default({ strict: true }).compile(schema);

  it('validates against the LogicSRC plugin schema', () => {
    const valid = validate(JSON.parse(JSON.stringify(agentStackManifest)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('declares what AgentStack is and does', () => {
    expect(agentStackManifest).toMatchObject({
      id: 'agentstack',
      name: 'AgentStack',
      type: ['agents', 'tasks', 'coordination'],
      commands: ['agents', 'tasks', 'delegate'],
      env: ['AGENTSTACK_API_URL', 'AGENTSTACK_API_KEY', 'COINPAY_API_BASE_URL'],
    });
    expect([...agentStackManifest.capabilities].sort()).toEqual(
      [
        'agents.register',
        'agents.delegate',
        'tasks.create',
        'tasks.assign',
        'tasks.update',
        'tasks.publish',
        'reputation.sync',
        'payments.link',
        'escrow.link',
      ].sort(),
    );
  });

  it('the schema really rejects a broken manifest (the check can fail)', () => {
    expect(validate({ ...agentStackManifest, capabilities: ['Tasks'] })).toBe(false);
    expect(validate({ ...agentStackManifest, extra: true })).toBe(false);
  });

  it('the plugin wires routes, events, permissions and a TUI panel', () => {
    expect(agentStackPlugin.manifest).toBe(agentStackManifest);
    expect(agentStackPlugin.routes.map((r) => r.path)).toContain('/graphql');
    expect(agentStackPlugin.events).toEqual(EVENT_TYPES);
    expect(agentStackPlugin.permissions.map((p) => p.scope)).toContain('tasks:create');
    for (const type of agentStackPlugin.tui.panel.subscribesTo) expect(EVENT_TYPES).toContain(type);
  });
});
