/**
 * The built-in policy pack, as the text `veriship policy init` writes and `policy eval` uses when no
 * `--policy` is given. Kept as a TypeScript string (not a .yaml read at run time) so the esbuild bundle
 * carries it. Each rule has passing and failing fixtures in `packs/tests/` (docs/policy.md
 * "Built-in pack").
 */
export const builtinPackFile = 'builtin:veriship-builtin.yaml';

export const builtinPackYaml = `# veriship policy pack: edit the params (and add exceptions) to fit your project.
# Reference: docs/policy.md. Check it with: veriship policy eval --policy THIS_FILE --explain ...
apiVersion: veriship.dev/v1
kind: Policy
metadata:
  name: veriship-builtin
  description: Release gate defaults (signatures, SBOM, provenance, vulnerabilities, licenses, pins, suppliers)
params:
  # signed-artifacts: at least one --artifact is required; when either list is non-empty, every signature
  # must be by one of these keys (hex SHA-256 key ids, as 'veriship verify' prints) or identities.
  requireArtifacts: true
  releaseKeyIds: []
  releaseIdentities: []
  # provenance-trusted-builder: builder ids (exact, or followed by @ref) and source repositories.
  trustedBuilders:
    - https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml
    - https://github.com/actions/runner/github-hosted
  trustedRepositories:
    - github.com/your-org/your-repo   # host/owner/repo, as provenance.sourceRepository is written
  # vulnerability-threshold: unsuppressed findings at or above this severity block
  # (critical, high, medium, low, none); unknown severities block too unless set to false.
  severityThreshold: high
  failOnUnknownSeverity: true
  # license-allowlist: SPDX ids; an expression passes when the allowlist satisfies it (MIT OR GPL-3.0 does).
  allowedLicenses: [MIT, Apache-2.0, BSD-2-Clause, BSD-3-Clause, ISC, 0BSD, Zlib, Unlicense, CC0-1.0, BlueOak-1.0.0, Python-2.0, PSF-2.0]
  requireLicenses: false
  # pinned-dependencies: a component is pinned when it, or every file it installs from (pip --hash),
  # has a hash of one of these algorithms.
  pinnedHashAlgorithms: [SHA-256, SHA-384, SHA-512, SHA3-256, SHA3-384, SHA3-512, BLAKE2b-256, BLAKE2b-384, BLAKE2b-512, BLAKE3]
  # supplier-sbom-signed: when non-empty, supplier SBOMs must be signed by one of these signers.
  trustedSuppliers: []
rules:
  - id: signed-artifacts
    description: Every release artifact has a verified signature, by a release key or identity when those are listed
    action: deny
    violations: |-
      (artifacts.size() == 0 && params.requireArtifacts
        ? [{"name": "", "problem": "no artifact was given to check (--artifact)"}]
        : [])
      + artifacts.filter(a, !a.signature.present)
          .map(a, {"name": a.name, "problem": "has no signature bundle (" + a.name + ".sigstore.json)"})
      + artifacts.filter(a, a.signature.present && !a.signature.verified)
          .map(a, {"name": a.name, "problem": "signature did not verify: " + a.signature.checks
            .filter(c, !c.passed)
            .map(c, c.reason == null ? c.check : c.check + " (" + c.reason + ")")
            .join("; ")})
      + artifacts.filter(a, a.signature.verified
            && params.releaseKeyIds.size() + params.releaseIdentities.size() > 0
            && !(a.signature.keyId != null && a.signature.keyId in params.releaseKeyIds)
            && !(a.signature.identity != null && a.signature.identity in params.releaseIdentities))
          .map(a, {"name": a.name, "problem": "signed by " + (a.signature.keyId != null
            ? "key " + a.signature.keyId
            : "identity " + (a.signature.identity == null ? "(unknown)" : a.signature.identity))
            + ", which is not a release key or identity"})
    message: 'item.name == "" ? item.problem : item.name + ": " + item.problem'

  - id: sbom-present-and-valid
    description: An SBOM is given, lists components, and is valid against its official schema
    action: deny
    violations: |-
      sbom == null
        ? ["no SBOM was given (--sbom)"]
        : sbom.validationErrors.map(e, sbom.file + ": " + (e.path == "" ? "/" : e.path) + ": " + e.message)
          + (!sbom.valid && sbom.validationErrors.size() == 0 ? [sbom.file + ": not valid (no reason given)"] : [])
          + (sbom.components.size() == 0 ? [sbom.file + ": the SBOM lists no components"] : [])
    message: item

  - id: provenance-trusted-builder
    description: Verified build provenance from a trusted builder and source repository, covering every artifact
    action: deny
    violations: |-
      provenance == null
        ? ["no provenance was given (--provenance)"]
        : (provenance.verified ? [] : ["the provenance did not verify: " + provenance.checks
              .filter(c, !c.passed).map(c, c.check).join(", ")])
          + (params.trustedBuilders.exists(b, provenance.builderId == b || provenance.builderId.startsWith(b + "@"))
              ? [] : ["builder " + provenance.builderId + " is not in params.trustedBuilders"])
          + (provenance.sourceRepository == ""
              ? ["the provenance names no source repository (built from a checkout without an origin remote?)"]
              : provenance.sourceRepository in params.trustedRepositories
                ? [] : ["source repository " + provenance.sourceRepository + " is not in params.trustedRepositories"])
          + artifacts.filter(a, !provenance.subjects.exists(s,
                "sha256" in s.digest && s.digest.sha256 == a.digest.sha256))
              .map(a, "artifact " + a.name + " (sha256 " + a.digest.sha256 + ") is not a subject of the provenance")
    message: item

  - id: vulnerability-threshold
    description: No unsuppressed vulnerability at or above the severity threshold (VEX and unexpired ignores count)
    action: deny
    violations: |-
      scan == null
        ? [{"id": "", "problem": "no scan report was given (--scan)"}]
        : scan.findings.filter(f, (f.suppressed == null || f.suppressed.expired)
            && (f.severity == "unknown"
              ? params.failOnUnknownSeverity
              : severity.rank(f.severity) >= severity.rank(params.severityThreshold)))
    message: |-
      has(item.problem) ? item.problem
        : item.severity + " " + item.id + " in " + item.package.purl
          + (item.fixedVersions.size() > 0 ? " (fixed in " + item.fixedVersions.join(", ") + ")" : " (no fix yet)")
          + (item.suppressed != null ? "; its ignore entry expired " + item.suppressed.expires : "")

  - id: license-allowlist
    description: Every component's license is satisfied by the allowlist (SPDX expression semantics)
    action: deny
    violations: |-
      sbom == null ? [] : sbom.components.filter(c, c.licenses.size() == 0
        ? params.requireLicenses
        : !c.licenses.all(l, spdx.satisfies(l, params.allowedLicenses)))
    message: |-
      item.licenses.size() == 0 ? item.id + ": no license stated"
        : item.id + ": " + item.licenses.filter(l, !spdx.satisfies(l, params.allowedLicenses))
            .map(l, spdx.valid(l) ? l : l + " (not an SPDX expression)").join(", ")
          + " is not allowed by params.allowedLicenses"

  - id: pinned-dependencies
    description: Every component is pinned by a cryptographic hash
    action: deny
    violations: |-
      sbom == null ? [] : sbom.components.filter(c,
        !c.hashes.exists(a, a in params.pinnedHashAlgorithms)
        && !(has(c.distributionHashes) && c.distributionHashes.exists(a, a in params.pinnedHashAlgorithms)))
    message: |-
      item.id + (item.hashes.size() == 0 ? ": no hash" : ": no hash of an accepted algorithm (has "
        + item.hashes.map(a, a).join(", ") + ")")

  - id: supplier-sbom-signed
    description: Supplier SBOMs are signed, by a trusted supplier when params.trustedSuppliers lists them
    action: deny
    violations: |-
      suppliers.filter(s, !s.signature.verified
        || (params.trustedSuppliers.size() > 0
          && !(s.signature.signer != null && s.signature.signer in params.trustedSuppliers)))
    message: |-
      item.name + (item.signature.verified
        ? ": signed by " + (item.signature.signer == null ? "an unknown signer" : item.signature.signer)
          + ", not a trusted supplier"
        : ": the supplier SBOM's signature did not verify")
`;
