import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server a test started on loopback: where it is, and how to stop it. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Stops listening and ends open connections too (a keep-alive client would otherwise hold close() open). */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, on a port the system picks: every test server the suites start goes through here. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
