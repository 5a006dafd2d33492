// A loopback stand-in for a collector or profile server: reads each request, answers 200 with an
// empty body and counts the requests, so a benchmark can show that its exporters really sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackSink {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

export async function startLoopbackSink(contentType: string): Promise<LoopbackSink> {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests += 1;
      res.writeHead(200, { 'content-type': contentType, 'content-length': 0 });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
