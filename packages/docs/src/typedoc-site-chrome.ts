// A TypeDoc plugin (loaded with `--plugin`): every reference page gets the site's icon and header,
// so a browser never asks for /favicon.ico and a reader can always get back to the rest of the site.
import { type Application, JSX, ParameterType } from 'typedoc';
import { type NavLink, siteHeader, siteHeadLinks } from './html.js';

/** Registers the `siteNav` option (the site's navigation, JSON) and the head and body hooks. */
export function load(app: Application): void {
  app.options.addDeclaration({
    name: 'siteNav',
    help: 'The navigation links of the site header, as JSON: [{ "href": "events.html", "label": "Event catalog" }].',
    type: ParameterType.String,
    defaultValue: '[]',
  });
  // TypeDoc writes each package to packages/<slug>/: the site root is two folders above its root.
  const rootPrefix = (context: { relativeURL: (url: string) => string }) =>
    `${context.relativeURL('index.html').replace(/index\.html$/, '')}../../`;
  app.renderer.hooks.on('head.end', (context) =>
    JSX.createElement(JSX.Raw, { html: siteHeadLinks(rootPrefix(context)) }),
  );
  app.renderer.hooks.on('body.begin', (context) => {
    const nav = JSON.parse(String(app.options.getValue('siteNav'))) as NavLink[];
    return JSX.createElement(JSX.Raw, { html: siteHeader(rootPrefix(context), nav) });
  });
}
