/** A sample device's server listening on 127.0.0.1 (never another address), and how to stop it at once. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenLoopback(server: Server, port = 0): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
