/** The first sentence of a description as plain text (a full stop ends it; an abbreviation's does not). */
export function firstSentence(text: unknown): string {
  const plain = String(text ?? '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const end = plain.search(/(?<!\b(?:e\.g|i\.e|etc))\.(\s|$)/);
  return end === -1 ? plain : plain.slice(0, end + 1);
}
