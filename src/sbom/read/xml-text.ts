const xmlEscapes: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/**
 * xmlbuilder2's object form hands text back escaped (`Acme &amp; Co` for "Acme & Co"), leaving text that
 * already looks like an entity as it is, so a literal `&amp;` in a name cannot be told apart from `&`.
 * One pass, so `&amp;lt;` becomes `&lt;`. Documents with a DOCTYPE are refused before this, so no other
 * entity can occur.
 */
export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => xmlEscapes[name] as string);
}

/**
 * Element text, trimmed, as XML means it: a bare string, or in xmlbuilder2's object form the text parts
 * (`#`, and `#1`, `#2` … around comments, decoded) and CDATA parts (`$`, `$1` …, raw) beside attributes, in
 * document order. Undefined when there is none.
 */
export function xmlText(node: unknown): string | undefined {
  if (typeof node === 'number') return String(node);
  if (typeof node === 'string') return unescapeXml(node).trim() || undefined;
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const parts = Object.entries(node).flatMap(([key, value]) => {
    const texts = (Array.isArray(value) ? value : [value]).filter((part) => typeof part === 'string');
    if (/^#\d*$/.test(key)) return texts.map(unescapeXml);
    return /^\$\d*$/.test(key) ? texts : [];
  });
  return parts.join('').trim() || undefined;
}
