/** A loopback proxy in front of the mock that renames one field in the JSON answers of matching paths. */
import { createServer, request as httpRequest, type Server } from 'node:http';

/** A running proxy. */
export interface RenameProxy {
  url: string;
  close(): Promise<void>;
}

/** Forwards everything to `target`; in JSON answers whose path matches `paths`, renames `from` to `to`. */
export async function startRenameProxy(target: string, paths: RegExp, from: string, to: string): Promise<RenameProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          if (paths.test(req.url ?? '') && /json/.test(String(headers['content-type']))) {
            const value = JSON.parse(body.toString('utf8'));
            if (value && typeof value === 'object' && from in value) {
              value[to] = value[from];
              delete value[from];
            }
            body = Buffer.from(JSON.stringify(value));
          }
          delete headers['transfer-encoding'];
          headers['content-length'] = String(body.length);
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
