import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { formatSupplierVerification } from '../../supplier/format-verification.js';
import { loadTrustPolicy } from '../../supplier/load-trust-policy.js';
import { verifySupplierSbom } from '../../supplier/verify-supplier-sbom.js';
import { openAdvisoryDatabase } from '../../vuln/db/database.js';
import { defaultDatabaseDirectory } from '../../vuln/db/default-directory.js';
import {
  renderScanReport,
  type ScanReportFormat,
  scanReportFormats,
} from '../../vuln/report/render-report.js';
import { failOnLevels } from '../../vuln/scan.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { printWarnings, writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { stringOption } from '../trust-options.js';

export const supplierVerifyCommand: Command = {
  name: 'supplier verify',
  summary: "verify a supplier's signed SBOM against a trust policy, validate it and scan it with its VEX",
  usage:
    'veriship supplier verify SBOM --trust suppliers.yaml [--bundle B] [--vex FILE...] [--db DIR] [--fail-on LEVEL] [--format text|json] [-o FILE [--scan-format FORMAT]]',
  description: [
    "Checks a supplier's SBOM (docs/suppliers.md) and prints each check, ✓ or ✗ with its reason:",
    '  signature         the bundle (default SBOM.sigstore.json; a message signature over the SBOM, or a DSSE',
    '                    attestation whose predicate is the SBOM) verifies, with every Sigstore check;',
    "  supplier-trusted  its signer (key id or keyless identity) is one of a supplier's in --trust;",
    '  sbom-valid        the SBOM is valid against its official schema (CycloneDX JSON/XML, SPDX 2.3 JSON);',
    "  supplier-match    the SBOM's declared supplier is that supplier's name or an alias (case-insensitive);",
    '  vulnerabilities   no unsuppressed finding at or above --fail-on (default: scan.failOn of the trust',
    '                    policy, else high; unknown severity counts as critical), with the --vex files applied.',
    'The trust policy (apiVersion veriship.dev/v1, kind SupplierTrust) lists suppliers with their keys,',
    'keyrings or keyless identities; file paths in it are relative to it. -o writes the scan report.',
    'Exit 0 when every check passed, 1 when one failed (an unreadable bundle or SBOM content is a failed',
    'check), 3 when a file cannot be read, the trust policy or a VEX file is invalid, or there is no',
    'advisory database (`veriship db update`).',
  ].join('\n'),
  options: {
    trust: {
      type: 'string',
      value: 'FILE',
      description: 'the supplier trust policy (suppliers.yaml), required',
    },
    bundle: { type: 'string', value: 'B', description: 'the Sigstore bundle (default SBOM.sigstore.json)' },
    vex: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: "the supplier's OpenVEX or CycloneDX VEX document (repeatable)",
    },
    db: {
      type: 'string',
      value: 'DIR',
      description:
        'advisory database folder (default $VERISHIP_DB_DIR, else $XDG_CACHE_HOME/veriship/db or ~/.cache/veriship/db)',
    },
    'fail-on': {
      type: 'string',
      value: 'LEVEL',
      description: `fail vulnerabilities at or above: ${failOnLevels.join(', ')} (default: the policy's scan.failOn, else high)`,
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'text (default) or json (the verification result)',
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write the scan report to FILE (atomically)',
    },
    'scan-format': {
      type: 'string',
      value: 'FORMAT',
      description: `scan report format for -o: ${scanReportFormats.join(', ')} (default json)`,
    },
    quiet: { type: 'boolean', short: 'q', description: 'do not print warnings' },
  },
  async run(values, positionals, context) {
    if (positionals.length !== 1) throw new UsageError('supplier verify: give exactly one SBOM to verify');
    const sbomFile = positionals[0] as string;
    const format = oneOf('supplier verify', 'format', values.format, ['text', 'json'] as const, 'text');
    const scanFormat = oneOf<ScanReportFormat>(
      'supplier verify',
      'scan-format',
      values['scan-format'],
      scanReportFormats,
      'json',
    );
    const trustFile = stringOption(values, 'trust');
    if (trustFile === undefined) throw new UsageError('supplier verify: --trust suppliers.yaml is required');
    const output = stringOption(values, 'output');
    if (values['scan-format'] !== undefined && output === undefined) {
      throw new UsageError('supplier verify: --scan-format needs -o FILE (the scan report is written there)');
    }
    // A bad value is a usage error (exit 2), checked like the other flags before any file is read.
    const failOnFlag =
      values['fail-on'] === undefined
        ? undefined
        : oneOf('supplier verify', 'fail-on', values['fail-on'], failOnLevels, 'high');
    const clock = systemClock(context.environment);
    const policy = await loadTrustPolicy(trustFile, context.fileSystem);
    const failOn = failOnFlag ?? policy.failOn ?? 'high';
    const bundleFile = stringOption(values, 'bundle') ?? `${sbomFile}.sigstore.json`;
    const sbom = await context.fileSystem.readFile(sbomFile);
    const bundle = await context.fileSystem.readFile(bundleFile);
    const vexFiles = Array.isArray(values.vex) ? values.vex.map(String) : [];

    const database = openAdvisoryDatabase(
      stringOption(values, 'db') ?? defaultDatabaseDirectory(context.environment),
      {
        readonly: true,
      },
    );
    let outcome: Awaited<ReturnType<typeof verifySupplierSbom>>;
    try {
      const status = database.status();
      outcome = await verifySupplierSbom({
        sbomFile,
        sbom,
        bundleFile,
        bundle,
        policy,
        scan: {
          advisories: database,
          database: {
            path: database.path,
            ...(status.lastImportedAt ? { builtAt: status.lastImportedAt } : {}),
            advisories: status.advisories - status.withdrawn,
          },
          vexFiles,
          failOn,
        },
        fileSystem: context.fileSystem,
        now: clock.now(),
      });
    } finally {
      database.close();
    }
    if (values.quiet !== true) printWarnings(context, outcome.warnings);
    if (output !== undefined && !outcome.scan) {
      context.stderr.write(
        `veriship: warning: ${output}: not written: the SBOM could not be read, so it was not scanned\n`,
      );
    }
    if (output !== undefined && outcome.scan) {
      await writeOutput(
        context,
        output,
        renderScanReport(scanFormat, outcome.scan.report, {
          sbom: outcome.scan.sbom,
          timestamp: clock.now(),
          artifactPath: sbomFile,
        }),
      );
    }
    const verification = outcome.verification;
    await writeOutput(
      context,
      undefined,
      format === 'json'
        ? `${JSON.stringify(verification, null, 2)}\n`
        : formatSupplierVerification(verification),
    );
    return verification.verified ? ExitCode.ok : ExitCode.checkFailed;
  },
};
