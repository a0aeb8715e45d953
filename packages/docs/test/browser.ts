// Headless Chromium for the site tests: Debian's package, driven by playwright-core.
import { type Browser, chromium } from 'playwright-core';

/** The Chromium binary: AUDIT_EXPORT_CHROMIUM, else Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.AUDIT_EXPORT_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium with no background traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 20_000,
  });
}

/** True for hosts on this machine: the only ones the site may talk to. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
