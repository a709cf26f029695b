/** A port that nothing listens on (yet) on `host`: the system's pick, released at once (callers retry when it is taken meanwhile). */
import * as net from 'node:net';

export const freePort = (host = '127.0.0.1'): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
