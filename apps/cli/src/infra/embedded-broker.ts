import { Aedes } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';

export interface EmbeddedBroker {
  url: string;
  close(): Promise<void>;
}

/**
 * An in-process MQTT 3.1.1 broker (Aedes) for `npm start` and tests when no MQTT_URL is given.
 * Nagle is disabled on every accepted socket: with it, each request/response round trip stalls ~40 ms.
 */
export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    url: `mqtt://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => broker.close(() => resolve()));
      }),
  };
}
