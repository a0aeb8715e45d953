/** Servers the checks start and stop: Prism validation proxies on loopback (see @audit-export/testkit). */
import { type PrismServer, startPrism } from '@audit-export/testkit';
import { ContractCheckError } from './check.js';

export { freePort } from '@audit-export/testkit';

/** A running `prism proxy <spec> <upstream> --errors`. */
export type PrismProxy = PrismServer;

/** Starts Prism's validation proxy in front of `upstream`; a start-up failure is a failed `prism` check. */
export async function startPrismProxy(specFile: string, upstream: string): Promise<PrismProxy> {
  try {
    return await startPrism({ mode: 'proxy', spec: specFile, upstream });
  } catch (error) {
    throw new ContractCheckError('prism', (error as Error).message);
  }
}
