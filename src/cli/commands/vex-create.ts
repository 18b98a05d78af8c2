import { UsageError } from '../../errors.js';
import { systemClock } from '../../runtime.js';
import { createOpenVexDocument, serializeOpenVex } from '../../vuln/vex/create-openvex.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const vexCreateCommand: Command = {
  name: 'vex create',
  summary: 'write an OpenVEX v0.2.0 document for one vulnerability and its products',
  usage: [
    'veriship vex create --vulnerability ID --product PURL [--product PURL...]',
    '                           --status not_affected|affected|fixed|under_investigation',
    '                           [--justification J] [--impact-statement TEXT] [--action-statement TEXT]',
    '                           [--author NAME] [--id IRI] [-o FILE]',
  ].join('\n'),
  description: [
    'Writes one OpenVEX v0.2.0 statement (https://openvex.dev/ns/v0.2.0) that validates against the',
    'OpenVEX JSON schema. The spec rules are enforced: not_affected needs --justification or',
    '--impact-statement, affected needs --action-statement (otherwise exit 2).',
    'The timestamp honours SOURCE_DATE_EPOCH; the document @id is https://openvex.dev/docs/public/vex-<sha256',
    'of the content> unless --id is given, so the same input writes the same bytes.',
    'Justifications: component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path,',
    'vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist.',
    'Use the result with `veriship scan --vex FILE`; see docs/vex.md.',
  ].join('\n'),
  options: {
    vulnerability: { type: 'string', value: 'ID', description: 'vulnerability id (CVE-…, GHSA-…), required' },
    product: {
      type: 'string',
      multiple: true,
      value: 'PURL',
      description: 'product the statement is about, a PURL (repeatable), required',
    },
    status: {
      type: 'string',
      value: 'STATUS',
      description: 'not_affected, affected, fixed or under_investigation, required',
    },
    justification: { type: 'string', value: 'J', description: 'why not_affected (one of the labels above)' },
    'impact-statement': { type: 'string', value: 'TEXT', description: 'why not_affected, in words' },
    'action-statement': {
      type: 'string',
      value: 'TEXT',
      description: 'what to do about an affected product',
    },
    author: { type: 'string', value: 'NAME', description: 'document author (default "Unknown Author")' },
    id: { type: 'string', value: 'IRI', description: 'document @id (default: derived from the content)' },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write to FILE (atomically); default stdout',
    },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) throw new UsageError(`vex create: unexpected argument '${positionals[0]}'`);
    for (const required of ['vulnerability', 'status'] as const) {
      if (text(values[required]) === undefined) throw new UsageError(`vex create: --${required} is required`);
    }
    const products = Array.isArray(values.product) ? values.product : [];
    const optional = (name: string) => text(values[name]);
    const document = createOpenVexDocument({
      vulnerability: text(values.vulnerability) as string,
      products,
      status: text(values.status) as string,
      justification: optional('justification'),
      impactStatement: optional('impact-statement'),
      actionStatement: optional('action-statement'),
      author: optional('author'),
      id: optional('id'),
      timestamp: systemClock(context.environment).now(),
    });
    await writeOutput(context, values.output, serializeOpenVex(document));
    return ExitCode.ok;
  },
};
