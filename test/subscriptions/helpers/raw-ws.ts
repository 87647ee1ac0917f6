import WebSocket from 'ws';
import { waitFor, within } from '../../helpers/wait.js';

/**
 * A hand-driven graphql-transport-ws client on a bare `ws` socket, for what the graphql-ws
 * client cannot do: stop reading (a slow consumer whose TCP window fills up) and resume.
 */
export class RawGraphQLWs {
  readonly messages: { id?: string; type: string; payload?: any }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }

  static async open(url: string, connectionParams: Record<string, unknown> = {}): Promise<RawGraphQLWs> {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await within('the WebSocket to open', new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)));
    const client = new RawGraphQLWs(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
    await waitFor('connection_ack', () => client.messages.some((message) => message.type === 'connection_ack'));
    return client;
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** Stops reading from the TCP socket: the kernel buffers fill, then the server must wait. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  of(id: string): { type: string; payload?: any }[] {
    return this.messages.filter((message) => message.id === id);
  }

  close(): void {
    this.socket.terminate();
  }
}
