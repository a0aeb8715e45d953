// Headless Chromium for the site tests: provisioned and launched by the shared testkit.
export { launchChromium } from '@audit-export/testkit';

/** True for hosts on this machine: the only ones the site may talk to. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
