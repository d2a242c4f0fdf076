import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP relay to the real Redis (127.0.0.1:6379) that a test cuts and restores on the same port. */
export interface RedisRelay {
  url: string;
  /** Open connections drop and new ones are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port: clients reconnect on their own. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisRelay(): Promise<RedisRelay> {
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(6379, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port = 0) => new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  await listen();
  const port = (relay.address() as AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () =>
      new Promise<void>((resolve) => {
        relay.close(() => resolve());
        dropAll();
      }),
    restore: () => listen(port),
    async close() {
      dropAll();
      if (relay.listening) await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
