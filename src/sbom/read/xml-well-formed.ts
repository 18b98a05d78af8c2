/**
 * The well-formedness checks xmlbuilder2's reader skips (it accepts `<a></b>` and unclosed elements,
 * guessing a tree): XML 1.0 §3 "element type match" (every end tag closes the open element of the same
 * name, and every element is closed), §4.1 well-formedness constraint "Entity Declared" for the only
 * entities a DTD-less document may use, and a single root element. A file that fails is reported, never
 * read as a guessed tree.
 */
const token =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/g;

/** @returns a description of the first problem, or undefined when the structure is sound. */
export function xmlStructureProblem(text: string): string | undefined {
  const open: string[] = [];
  let roots = 0;
  for (const match of text.matchAll(token)) {
    const [whole, closing, name, attributes = '', selfClosing] = match;
    if (whole === '<') return `a "<" that starts no tag at offset ${match.index}`;
    if (whole.startsWith('&')) return `an undeclared entity or bare "&" at offset ${match.index}`;
    if (name === undefined) continue;
    const seen = new Set<string>();
    for (const attribute of attributes.matchAll(/([^\s=]+)\s*=/g)) {
      if (seen.has(attribute[1] as string)) return `attribute ${attribute[1]} repeated on <${name}>`;
      seen.add(attribute[1] as string);
    }
    if (closing) {
      const expected = open.pop();
      if (expected !== name) return `</${name}> closes ${expected ? `<${expected}>` : 'nothing'}`;
    } else if (!selfClosing) {
      if (open.length === 0) roots++;
      open.push(name);
    } else if (open.length === 0) {
      roots++;
    }
    if (roots > 1) return 'more than one root element';
  }
  if (open.length > 0) return `<${open[open.length - 1]}> is never closed`;
  return roots === 1 ? undefined : 'no root element';
}
