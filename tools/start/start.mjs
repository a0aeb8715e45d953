// `npm start`: serve what the build produced on localhost (the stateful mock, the docs site and the
// export console) and print their URLs. Each part is served when its package has been built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../toolchain/toolchain.mjs';

const host = process.env.HOST ?? '127.0.0.1';
const mockPort = Number(process.env.MOCK_PORT ?? 4010);
const docsPort = Number(process.env.DOCS_PORT ?? 4000);
const consolePort = Number(process.env.CONSOLE_PORT ?? 4020);

/** Imports a built workspace module if its package has been built, else undefined. */
async function importBuilt(relativePath) {
  const file = join(root, relativePath);
  return existsSync(file) ? import(pathToFileURL(file).href) : undefined;
}

const servers = [];
const mock = await importBuilt('packages/mock/dist/index.js');
if (mock) {
  const server = await mock.createMockServer({ host, port: mockPort, log: true });
  servers.push(server);
  console.log(`Mock API          ${server.url}`);
  console.log(`  audit query     ${server.url}/audit-query-service/v2/export`);
  console.log(`  Zoho CRM        ${server.url}/crm/v7/settings/audit_log_export`);
  console.log(`  audit resource  ${server.url}/audit`);
  console.log(`  dev token       node packages/mock/dist/cli.js token --tenant acme`);
}
const docs = await importBuilt('packages/docs/dist/serve.js');
if (docs) {
  const server = await docs.serveDocs({ host, port: docsPort, mockUrl: servers[0]?.url });
  servers.push(server);
  console.log(`Docs site         ${server.url}`);
  // The console is static files too: the docs server serves them, with the config.json naming the mock.
  const consoleDist = join(root, 'examples/console/dist');
  if (existsSync(join(consoleDist, 'index.html'))) {
    const app = await docs.serveDocs({ host, port: consolePort, mockUrl: servers[0]?.url, root: consoleDist });
    servers.push(app);
    console.log(`Export console    ${app.url}`);
    console.log(`  with no server  ${app.url}/?mock=browser   (the mock in the tab, in MSW's service worker)`);
  }
}
if (servers.length === 0) {
  console.log('Nothing to serve yet: the mock and docs packages have not been built.');
} else {
  console.log('Press Ctrl+C to stop.');
  const stop = async () => {
    await Promise.all(servers.map((server) => server.close()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
