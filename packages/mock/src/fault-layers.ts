/**
 * The fault kinds at work on one request, walked in table order: the request layer's effects before
 * the API answers, then the socket or response layer on the answer.
 */
import type { FaultConfig } from './config.js';
import { type Draw, FAULT_KIND_NAMES, isActive, kindOf, type RequestEffect } from './fault-kinds.js';
import type { SocketFault } from './fault-transforms.js';

/** Whether any fault in `faults` acts on the answer or the connection (so the common path skips them). */
export function hasResponseFaults(faults: FaultConfig): boolean {
  return FAULT_KIND_NAMES.some((name) => {
    const kind = kindOf(name);
    return isActive(faults[name]) && (kind.layer === 'socket' || (kind.layer === 'response' && !!kind.transform));
  });
}

/**
 * The request-layer effects of `faults`, in table order, each computed when the previous one is
 * done (a kind draws only when it is reached), so the seeded draws are the same for a seed.
 */
export function* requestEffects(faults: FaultConfig, draw: Draw): Generator<RequestEffect> {
  for (const name of FAULT_KIND_NAMES) {
    const kind = kindOf(name);
    const value = faults[name];
    if (kind.layer !== 'request' || !kind.before || !isActive(value)) continue;
    const effect = kind.before(value, draw);
    if (effect) yield effect;
  }
}

/** An answer after the response and socket faults: a Response, or what to do to the connection instead. */
export type FaultedAnswer = { response: Response; socket?: undefined } | { socket: SocketFault; response?: undefined };

/**
 * Applies the response and socket faults of `faults` to an answer: a socket kind replaces it
 * (its body is dropped), else the response kinds transform it in table order (a dribbled body
 * can then be cut; a malformed chunk replaces whatever body there was).
 */
export function applyResponseFaults(response: Response, faults: FaultConfig, draw: Draw): FaultedAnswer {
  for (const name of FAULT_KIND_NAMES) {
    const kind = kindOf(name);
    const value = faults[name];
    if (kind.layer !== 'socket' || !isActive(value)) continue;
    void response.body?.cancel();
    return { socket: kind.replace(value, draw) };
  }
  let answer = response;
  for (const name of FAULT_KIND_NAMES) {
    const kind = kindOf(name);
    const value = faults[name];
    if (kind.layer === 'response' && kind.transform && isActive(value)) answer = kind.transform(answer, value, draw);
  }
  return { response: answer };
}
