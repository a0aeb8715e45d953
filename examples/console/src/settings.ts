// Where the console sends its calls and with which credentials. Kept in sessionStorage, so a reload keeps
// them and closing the tab forgets the tokens; read at call time, so a token pasted after a 401 takes effect.
import { useSyncExternalStore } from 'react';

/** What the settings form edits. */
export interface Settings {
  /** The mock's (or a real API's) origin, e.g. `npm start`'s `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** Audit query access token (`node packages/mock/dist/cli.js token --tenant acme`). */
  accessToken: string;
  /** Audit query `api_token` (the id token the same command prints). */
  apiToken: string;
  /** Zoho OAuth token (`... token --zoho`). */
  zohoToken: string;
  /** Audit resource HTTP Basic user (the mock takes any password). */
  basicUser: string;
  basicPassword: string;
  /** How often a cut download is restarted by the client before the console offers Resume. */
  downloadRetries: number;
  /** How often the client retries a call (429, 503…) before the console shows the error. */
  maxRetries: number;
}

/** Where settings are saved; the in-browser mock keeps its own, so its URL and tokens never reach the real ones. */
let key = 'audit-export-console/settings';
const DEFAULTS: Settings = {
  baseUrl: 'http://127.0.0.1:4010',
  accessToken: '',
  apiToken: '',
  zohoToken: '',
  basicUser: 'john',
  basicPassword: 'dev',
  downloadRetries: 3,
  maxRetries: 3,
};

function saved(): Partial<Settings> {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? '{}') as Partial<Settings>;
  } catch {
    return {};
  }
}

function load(): Settings {
  return { ...DEFAULTS, ...saved() };
}

/**
 * Takes the mock's URL from the `config.json` beside the page, as `npm start` serves it (the docs server
 * writes it with the mock it started), unless the user already chose a base URL in this tab.
 */
export async function applySiteConfig(): Promise<void> {
  if (saved().baseUrl !== undefined) return;
  const response = await fetch('./config.json').catch(() => undefined);
  if (!response?.ok) return;
  const config = (await response.json().catch(() => ({}))) as { mockUrl?: unknown };
  if (typeof config.mockUrl === 'string' && config.mockUrl !== '' && saved().baseUrl === undefined) {
    current = { ...current, baseUrl: config.mockUrl };
    for (const listener of listeners) listener();
  }
}

let current = load();
const listeners = new Set<() => void>();
/** The in-browser mock's seed while the console runs against it (`?mock=browser`). */
let browserMockSeed: number | undefined;

/**
 * Switches to the in-browser mock: its base URL and tokens win over anything saved, and what the person
 * changes from now on is saved apart from the settings for a real server.
 */
export function switchToBrowserMock(seed: number, patch: Partial<Settings>): void {
  key = 'audit-export-console/settings/browser-mock';
  browserMockSeed = seed;
  current = { ...load(), ...patch };
  for (const listener of listeners) listener();
}

/** The in-browser mock's seed, or undefined when the console talks to a server. */
export function getBrowserMockSeed(): number | undefined {
  return browserMockSeed;
}

/** The settings now (clients call this per request). */
export function getSettings(): Settings {
  return current;
}

/** Replaces some settings, saves them and tells subscribers. */
export function updateSettings(patch: Partial<Settings>): void {
  current = { ...current, ...patch };
  sessionStorage.setItem(key, JSON.stringify(current));
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The settings as React state. */
export function useSettings(): Settings {
  return useSyncExternalStore(subscribe, getSettings);
}
