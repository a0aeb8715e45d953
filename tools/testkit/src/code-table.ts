import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** One member of an interface: its name, the text of its type, and its JSDoc. */
export interface DocumentedMember {
  readonly name: string;
  readonly type: string;
  readonly doc: string;
}

/**
 * The members of the interface `interfaceName` in the TypeScript file `path`, in source order, read with the
 * compiler (so a member without JSDoc, or with a doc over several lines, is seen as it is, never skipped).
 */
export function documentedMembers(path: string, interfaceName: string): DocumentedMember[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === interfaceName,
  );
  if (!declaration) throw new Error(`${path} declares no interface ${interfaceName}.`);
  return declaration.members.map((member) => {
    if (!ts.isPropertySignature(member) || !member.type) {
      throw new Error(`${interfaceName} in ${path}: every member must be a property with a type.`);
    }
    const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
    const doc = docs.map((jsDoc) => ts.getTextOfJSDocComment(jsDoc.comment) ?? '').join(' ');
    return { name: member.name.getText(source), type: member.type.getText(source), doc: doc.trim() };
  });
}

/**
 * The markdown table of an error code catalogue: an interface whose members are the codes, typed by the name of
 * the class that carries them (a string literal) and documented by a one-line meaning. One row per code.
 */
export function errorCodeTable(path: string, interfaceName: string): string {
  const rows = documentedMembers(path, interfaceName).map((member) => {
    if (member.doc === '' || member.doc.includes('\n')) {
      throw new Error(`${interfaceName}.${member.name} in ${path} needs a one-line meaning as its JSDoc.`);
    }
    const className = member.type.replace(/^'(.*)'$/, '$1');
    return `| \`${member.name}\` | \`${className}\` | ${member.doc.replaceAll('|', '\\|')} |`;
  });
  return ['| code | error | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The markdown table in `markdown` whose first line is `header`, as its text ('' when there is none). */
export function tableStartingWith(markdown: string, header: string): string {
  const lines = markdown.split(/\r?\n/);
  const start = lines.indexOf(header);
  if (start < 0) return '';
  let end = start;
  while (end < lines.length && (lines[end] as string).startsWith('|')) end++;
  return lines.slice(start, end).join('\n');
}
