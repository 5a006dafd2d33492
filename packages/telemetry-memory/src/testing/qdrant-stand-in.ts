// A loopback stand-in for Qdrant's REST API: no Qdrant server can run on this machine, so this
// speaks the same wire format (the endpoints @qdrant/js-client-rest calls) over real HTTP, with
// exact cosine search over points held in memory. It records each request for assertions.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Point {
  id: number;
  vector: number[];
  payload: Record<string, unknown>;
}
interface Condition {
  key: string;
  match: { value: unknown };
}
interface Filter {
  must?: Condition[];
  must_not?: Condition[];
}

export interface QdrantStandIn {
  url: string;
  requests: { method: string; path: string }[];
  collections: Map<string, { size: number; distance: string; points: Map<number, Point> }>;
  close(): Promise<void>;
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] ** 2;
    nb += b[i] ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

const matches = (point: Point, filter?: Filter) =>
  (filter?.must ?? []).every((c) => point.payload[c.key] === c.match.value) &&
  !(filter?.must_not ?? []).some((c) => point.payload[c.key] === c.match.value);

// The stand-in trusts its only client (the real @qdrant/js-client-rest) to send well-formed bodies.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

export async function startQdrantStandIn(): Promise<QdrantStandIn> {
  const requests: QdrantStandIn['requests'] = [];
  const collections: QdrantStandIn['collections'] = new Map();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname });
    const reply = (status: number, result: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 400 ? { result, status: 'ok', time: 0.0001 } : { status: { error: result }, time: 0 }));
    };
    const body = await readJson(req);
    if (url.pathname === '/' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ title: 'qdrant - vector search engine', version: '1.18.0' }));
      return;
    }
    const route = /^\/collections\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!route) return reply(404, `no route ${url.pathname}`);
    const [, name, rest = ''] = route;
    const collection = collections.get(name);
    if (rest === '/exists' && req.method === 'GET') return reply(200, { exists: collection !== undefined });
    if (rest === '' && req.method === 'PUT') {
      collections.set(name, { size: body.vectors.size, distance: body.vectors.distance, points: new Map() });
      return reply(200, true);
    }
    if (!collection) return reply(404, `Collection \`${name}\` doesn't exist!`);
    if (rest === '/points' && req.method === 'PUT') {
      for (const p of body.points as Point[]) {
        if (p.vector.length !== collection.size) return reply(400, `Wrong input: Vector dimension error: expected dim: ${collection.size}, got ${p.vector.length}`);
        collection.points.set(p.id, { id: p.id, vector: p.vector, payload: p.payload ?? {} });
      }
      return reply(200, { operation_id: 1, status: 'completed' });
    }
    if (rest === '/points/query' && req.method === 'POST') {
      const scored = [...collection.points.values()]
        .filter((p) => matches(p, body.filter))
        .map((p) => ({ id: p.id, version: 1, score: cosine(body.query, p.vector) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.limit ?? 10);
      return reply(200, { points: scored });
    }
    if (rest === '/points/delete' && req.method === 'POST') {
      for (const id of body.points as number[]) collection.points.delete(id);
      return reply(200, { operation_id: 2, status: 'completed' });
    }
    return reply(404, `no route ${req.method} ${url.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    collections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
