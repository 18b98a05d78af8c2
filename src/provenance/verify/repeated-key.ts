/**
 * The first object member name that appears twice in one object of a JSON text, or undefined. RFC 8259 §4
 * leaves such objects' meaning to the parser ("names within an object SHOULD be unique"): `JSON.parse`
 * keeps the last `subject`, another consumer of the same signed statement may keep the first. A signed
 * statement must mean one thing to every verifier, so a repeated name makes it unreadable. Names are
 * compared decoded, so `"sub\u006aect"` repeats `"subject"`. `text` must already be valid JSON.
 */
export function repeatedKey(text: string): string | undefined {
  // One entry per open container: the member names seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectName = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const names = open[open.length - 1];
      if (expectName && names) {
        const name = JSON.parse(text.slice(index, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
        expectName = false;
      }
      index = end + 1;
      continue;
    }
    if (char === '{') {
      open.push(new Set());
      expectName = true;
    } else if (char === '[') {
      open.push(null);
      expectName = false;
    } else if (char === '}' || char === ']') {
      open.pop();
      expectName = false;
    } else if (char === ',') {
      expectName = open[open.length - 1] instanceof Set;
    }
    index += 1;
  }
  return undefined;
}
