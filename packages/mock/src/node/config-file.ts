/** Loading the mock's configuration from a JSON file (Node only: the engine itself reads no files). */
import { readFileSync } from 'node:fs';
import { type MockConfig, MockConfigError } from '../config.js';

/** Reads a JSON configuration file, with the file named in any error. */
export function loadConfigFile(file: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MockConfigError(`Cannot read mock config ${file}: ${(error as Error).message}`, file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`Mock config ${file} is not valid JSON: ${(error as Error).message}`, file);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MockConfigError(`Mock config ${file} must be a JSON object (see the README's Configuration).`, file);
  }
  return value as MockConfig;
}
