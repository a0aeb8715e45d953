// XML answers: pretty-printed for reading, and read back into JSON by the schema's `xml` objects so
// the same schema check applies as for JSON.
import type { XmlShape } from '../src/try-it/model.js';

/** The document indented two spaces per level (text-only elements stay on one line). */
export function prettyXml(document: Document): string {
  const lines: string[] = [];
  const walk = (node: Element, depth: number) => {
    const pad = '  '.repeat(depth);
    const attributes = [...node.attributes].map((attribute) => ` ${attribute.name}="${attribute.value}"`).join('');
    const children = [...node.children];
    const text = node.textContent?.trim() ?? '';
    if (children.length === 0) {
      lines.push(
        text
          ? `${pad}<${node.tagName}${attributes}>${text}</${node.tagName}>`
          : `${pad}<${node.tagName}${attributes}/>`,
      );
      return;
    }
    lines.push(`${pad}<${node.tagName}${attributes}>`);
    for (const child of children) walk(child, depth + 1);
    lines.push(`${pad}</${node.tagName}>`);
  };
  if (document.documentElement) walk(document.documentElement, 0);
  return lines.join('\n');
}

/** Parses XML text; a string saying why when it is not well-formed. */
export function parseXml(text: string): Document | string {
  const document = new DOMParser().parseFromString(text, 'application/xml');
  const error = document.getElementsByTagName('parsererror')[0];
  return error ? `The XML is not well-formed: ${error.textContent?.trim().split('\n')[0] ?? ''}` : document;
}

function leaf(text: string, type: XmlShape['type']): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function childrenNamed(element: Element, name: string): Element[] {
  return [...element.children].filter((child) => child.localName === name);
}

function read(element: Element, shape: XmlShape): unknown {
  if (shape.type === 'object') {
    const out: Record<string, unknown> = {};
    const known = new Set<string>();
    for (const [key, property] of Object.entries(shape.properties ?? {})) {
      if (property.type === 'array') {
        const items = property.items as XmlShape;
        const holder = property.wrapped ? childrenNamed(element, property.name)[0] : element;
        known.add(property.wrapped ? property.name : items.name);
        if (holder) out[key] = childrenNamed(holder, items.name).map((item) => read(item, items));
        continue;
      }
      known.add(property.name);
      const child = childrenNamed(element, property.name)[0];
      if (child) out[key] = read(child, property);
    }
    // Elements the schema does not name are kept as text (the schema decides whether they may be there).
    for (const child of element.children)
      if (!known.has(child.localName)) out[child.localName] = child.textContent ?? '';
    return out;
  }
  return leaf(element.textContent ?? '', shape.type);
}

/** The document as the JSON its schema describes, or a problem when the root element is not the one the schema names. */
export function xmlToJson(document: Document, shape: XmlShape): { value: unknown; problem?: string } {
  const root = document.documentElement;
  if (root.localName !== shape.name) {
    return { value: undefined, problem: `The root element is <${root.localName}>, the spec says <${shape.name}>.` };
  }
  return { value: read(root, shape) };
}
