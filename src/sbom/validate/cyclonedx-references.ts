/**
 * The CycloneDX rules about `bom-ref` that the JSON Schema states in prose but cannot express. The XSD
 * does express uniqueness (`<xs:unique name="bom-ref">` over `.//*` `@bom-ref`), so XML needs none of this.
 */
import type { ValidationIssue } from './validation-issue.js';

/** RFC 6901 §3: `~` is written `~0` and `/` is written `~1` inside a reference token. */
export function pointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every `bom-ref` in the document with the pointer of its first occurrence, wherever it sits (metadata
 * component, nested components, services, vulnerabilities, formulation, declarations …), as the XSD's
 * `.//*` selector does. Later duplicates are reported.
 */
function collectBomRefs(document: unknown): { refs: Map<string, string>; issues: ValidationIssue[] } {
  const refs = new Map<string, string>();
  const issues: ValidationIssue[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${pointer}/${index}`);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childPointer = `${pointer}/${pointerToken(key)}`;
      if (key === 'bom-ref' && typeof child === 'string') {
        const first = refs.get(child);
        if (first === undefined) refs.set(child, childPointer);
        else {
          // CycloneDX 1.6 "bom-ref": "Every bom-ref must be unique within the BOM."
          issues.push({
            path: childPointer,
            message: `bom-ref ${JSON.stringify(child)} is already used at ${first}; every bom-ref must be unique within the BOM`,
          });
        }
      } else {
        visit(child, childPointer);
      }
    }
  };
  visit(document, '');
  return { refs, issues };
}

/**
 * CycloneDX 1.6 "dependencies": `ref` "References a component or service by its bom-ref attribute", and
 * `dependsOn`/`provides` hold "the bom-ref identifiers" of others; their type `refLinkType` is "an element
 * identified by the attribute 'bom-ref' in the same BOM document" (not a BOM-Link to another BOM).
 */
function checkDependencies(document: Record<string, unknown>, refs: Map<string, string>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (value: unknown, pointer: string): void => {
    if (typeof value === 'string' && !refs.has(value)) {
      issues.push({ path: pointer, message: `no element of the BOM has bom-ref ${JSON.stringify(value)}` });
    }
  };
  const dependencies = document.dependencies;
  if (!Array.isArray(dependencies)) return issues;
  for (const [index, dependency] of dependencies.entries()) {
    if (!isRecord(dependency)) continue;
    const pointer = `/dependencies/${index}`;
    check(dependency.ref, `${pointer}/ref`);
    for (const list of ['dependsOn', 'provides'] as const) {
      const targets = dependency[list];
      if (!Array.isArray(targets)) continue;
      for (const [position, target] of targets.entries()) check(target, `${pointer}/${list}/${position}`);
    }
  }
  return issues;
}

/** Duplicate bom-refs and dependency entries that point at no bom-ref, each at its JSON Pointer. */
export function checkCycloneDxReferences(document: Record<string, unknown>): ValidationIssue[] {
  const { refs, issues } = collectBomRefs(document);
  return [...issues, ...checkDependencies(document, refs)];
}
