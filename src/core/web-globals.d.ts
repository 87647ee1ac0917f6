/**
 * The few WHATWG globals the core uses. Every target runtime (Node ≥ 20, Bun, Workers,
 * browsers) has them; declaring just these keeps the core's type-check free of Node and DOM
 * types, so an accidental `process` or `Buffer` fails to compile.
 */
declare class URL {
  constructor(input: string, base?: string);
  readonly protocol: string;
  readonly href: string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare function btoa(data: string): string;

declare var crypto: { getRandomValues<T extends Uint8Array>(array: T): T; randomUUID?(): string };
