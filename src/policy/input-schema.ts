/**
 * The shape of the policy input document (input-document.ts) as data, so that policies are checked
 * against it before anything is evaluated: `sbom.componets` is an error at load time (exit 3, with the
 * rule and position), not a rule that errors on every run. A test keeps this in step with the facts the
 * gate really builds.
 */
export type Shape =
  | { kind: 'object'; path: string; fields: Readonly<Record<string, Shape>> }
  | { kind: 'list'; path: string; element: Shape }
  /** A map with keys chosen by the data (hash algorithms, digest names): any key may be selected. */
  | { kind: 'map'; path: string; value: Shape }
  | { kind: 'scalar'; path: string };

type Spec = 'scalar' | Spec[] | { [field: string]: Spec } | { map: Spec };

function build(spec: Spec, path: string): Shape {
  if (spec === 'scalar') return { kind: 'scalar', path };
  if (Array.isArray(spec)) return { kind: 'list', path, element: build(spec[0] as Spec, `${path}[]`) };
  if ('map' in spec && Object.keys(spec).length === 1)
    return { kind: 'map', path, value: build(spec.map as Spec, `${path}[…]`) };
  const fields: Record<string, Shape> = {};
  for (const [name, field] of Object.entries(spec as Record<string, Spec>))
    fields[name] = build(field, `${path}.${name}`);
  return { kind: 'object', path, fields };
}

const check: Spec = { check: 'scalar', passed: 'scalar', reason: 'scalar' };
const digest: Spec = { map: 'scalar' };

const specs: Record<string, Spec> = {
  artifacts: [
    {
      name: 'scalar',
      path: 'scalar',
      digest: { sha256: 'scalar' },
      signature: {
        present: 'scalar',
        verified: 'scalar',
        bundle: 'scalar',
        checks: [check],
        keyId: 'scalar',
        identity: 'scalar',
      },
    },
  ],
  sbom: {
    file: 'scalar',
    format: 'scalar',
    specVersion: 'scalar',
    valid: 'scalar',
    validationErrors: [{ path: 'scalar', message: 'scalar' }],
    components: [
      {
        id: 'scalar',
        bomRef: 'scalar',
        name: 'scalar',
        group: 'scalar',
        version: 'scalar',
        purl: 'scalar',
        type: 'scalar',
        scope: 'scalar',
        licenses: ['scalar'],
        hashes: digest,
        distributionHashes: { map: ['scalar'] },
      },
    ],
  },
  provenance: {
    verified: 'scalar',
    checks: [check],
    predicateType: 'scalar',
    builderId: 'scalar',
    buildType: 'scalar',
    sourceUri: 'scalar',
    sourceRepository: 'scalar',
    sourceRef: 'scalar',
    sourceDigest: digest,
    subjects: [{ name: 'scalar', digest }],
    invocationId: 'scalar',
    startedOn: 'scalar',
    finishedOn: 'scalar',
  },
  scan: {
    file: 'scalar',
    source: 'scalar',
    findings: [
      {
        id: 'scalar',
        aliases: ['scalar'],
        severity: 'scalar',
        score: 'scalar',
        package: { name: 'scalar', ecosystem: 'scalar', purl: 'scalar', version: 'scalar' },
        fixedVersions: ['scalar'],
        suppressed: {
          kind: 'scalar',
          status: 'scalar',
          justification: 'scalar',
          detail: 'scalar',
          document: 'scalar',
          statement: 'scalar',
          expires: 'scalar',
          expired: 'scalar',
        },
      },
    ],
    notScanned: [{ name: 'scalar', version: 'scalar', reason: 'scalar' }],
  },
  suppliers: [{ name: 'scalar', sbom: 'scalar', signature: { verified: 'scalar', signer: 'scalar' } }],
};

/** The shape of each input variable (`artifacts`, `sbom`, `provenance`, `scan`, `suppliers`). */
export const inputShapes: Readonly<Record<string, Shape>> = Object.fromEntries(
  Object.entries(specs).map(([name, spec]) => [name, build(spec, name)]),
);
