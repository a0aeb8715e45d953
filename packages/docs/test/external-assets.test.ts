import { describe, expect, it } from 'vitest';
import { findExternalAssets } from '../src/external-assets.js';

describe('findExternalAssets', () => {
  it.each([
    ['a CDN script', '<script src="https://cdn.example.com/a.js"></script>', ['https://cdn.example.com/a.js']],
    [
      'a web font stylesheet',
      "<link rel='stylesheet' href='https://fonts.googleapis.com/css?family=Roboto'>",
      ['https://fonts.googleapis.com/css?family=Roboto'],
    ],
    ['a protocol-relative image', '<img src=//img.example.com/x.png>', ['//img.example.com/x.png']],
    ['a srcset candidate', '<img srcset="a.png 1x, https://x.example/b.png 2x">', ['https://x.example/b.png']],
    [
      'a CSS url()',
      '<style>@font-face{src:url(https://fonts.gstatic.com/f.woff2)}</style>',
      ['https://fonts.gstatic.com/f.woff2'],
    ],
    ['a CSS @import', '<style>@import "https://x.example/a.css";</style>', ['https://x.example/a.css']],
    [
      'a module import',
      '<script type="module">import { hydrate } from "https://cdn.x/redoc.js";</script>',
      ['https://cdn.x/redoc.js'],
    ],
  ])('reports %s', (_name, html, want) => {
    expect(findExternalAssets(html)).toEqual(want);
  });

  it.each([
    ['a plain link', '<a href="https://github.com/audit-export">source</a>'],
    ['local assets', '<script src="../assets/redoc.standalone.js"></script><link href="assets/site.css">'],
    ['an SVG namespace', '<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
  ])('ignores %s', (_name, html) => {
    expect(findExternalAssets(html)).toEqual([]);
  });
});
