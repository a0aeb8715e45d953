/** Where the quick starts send requests when no server says otherwise (the mock's default port). */
export const DEFAULT_MOCK_URL = 'http://127.0.0.1:4010';

/** Shape of `/config.json`, read by the landing page at view time. */
export interface SiteConfig {
  /** Base URL of the running stateful mock, without a trailing slash. */
  mockUrl: string;
}
