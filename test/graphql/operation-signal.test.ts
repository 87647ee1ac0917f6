import { describe, expect, it } from 'vitest';
import { OperationStoppedError } from '../../src/core/index.js';
import { operationSignal } from '../../src/graphql/budget.js';

/** The budget's signal (budget.ts): a deadline compared when a resolver asks, or a stop. */
describe('operationSignal', () => {
  it('is aborted once its budget has passed, with a TIMEOUT that names the budget', () => {
    let now = 1_000;
    const { signal } = operationSignal(250, () => now);
    expect(signal.aborted).toBe(false);
    now = 1_249;
    expect(signal.aborted).toBe(false);
    expect(signal.reason).toBeUndefined();
    now = 1_250;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(OperationStoppedError);
    expect((signal.reason as OperationStoppedError).code).toBe('TIMEOUT');
    expect((signal.reason as Error).message).toMatch(/budget of 250 ms/);
  });

  it('is aborted by stop, keeping the first reason', () => {
    let now = 0;
    const operation = operationSignal(100, () => now);
    operation.stop('The client went away');
    now = 500;
    operation.stop('again');
    expect(operation.signal.aborted).toBe(true);
    expect((operation.signal.reason as Error).message).toBe('The client went away');
  });

  it('is never aborted once done (a client that hangs up after its answer stops nothing), nor by time without a budget', () => {
    let now = 0;
    const finished = operationSignal(100, () => now);
    finished.done();
    finished.stop('The client went away');
    expect(finished.signal.aborted).toBe(false);
    const unbounded = operationSignal(null, () => now);
    now = Number.MAX_SAFE_INTEGER;
    expect(unbounded.signal.aborted).toBe(false);
    unbounded.stop('The connection closed');
    expect(unbounded.signal.aborted).toBe(true);
  });
});
