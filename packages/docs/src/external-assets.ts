/** Tags whose URL attributes make the browser fetch something as the page loads. */
const ASSET_TAG = /<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*>/gi;
const URL_ATTRIBUTE = /\s(src|href|data|poster|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const CSS_URL = /url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi;
const CSS_IMPORT = /@import\s+(?:url\()?\s*["']((?:https?:)?\/\/[^"']+)/gi;
const MODULE_IMPORT = /\bimport\s*(?:[\w*{},\s]+from\s*)?["']((?:https?:)?\/\/[^"']+)["']/g;

/** True for a URL that leaves the machine: absolute http(s) or protocol-relative. */
export function isRemoteUrl(url: string): boolean {
  return /^(?:https?:)?\/\//i.test(url.trim());
}

/**
 * Remote URLs an HTML page would load on its own (scripts, styles, fonts, images, module
 * imports); plain links (`<a href>`) are navigation, not assets, and are not reported.
 */
export function findExternalAssets(html: string): string[] {
  const found = new Set<string>();
  for (const [tag] of html.matchAll(ASSET_TAG)) {
    for (const match of tag.matchAll(URL_ATTRIBUTE)) {
      const value = match[2] ?? match[3] ?? match[4] ?? '';
      const urls =
        match[1]?.toLowerCase() === 'srcset'
          ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '')
          : [value];
      for (const url of urls) if (isRemoteUrl(url)) found.add(url);
    }
  }
  for (const pattern of [CSS_URL, CSS_IMPORT, MODULE_IMPORT]) {
    for (const match of html.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found];
}
