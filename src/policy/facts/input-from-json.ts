import { emptyPolicyInput, inputVariables, type PolicyInput } from '../input-document.js';
import { PolicyError } from '../policy-error.js';

/**
 * An input document written by hand (a policy test fixture) or saved from `--explain`. Top-level keys
 * left out take their empty value (`[]` or null); an unknown key is an error (a misspelt `sboms` would
 * otherwise test nothing). Nested values are taken as given: a fixture may omit a field on purpose to
 * check that a rule fails closed.
 *
 * @throws PolicyError POLICY_INPUT_INVALID
 */
export function policyInputFromJson(value: unknown, file: string): PolicyInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyError({ code: 'POLICY_INPUT_INVALID', file, message: 'input: expected a mapping' });
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(inputVariables as readonly string[]).includes(key)) {
      throw new PolicyError({
        code: 'POLICY_INPUT_INVALID',
        file,
        message: `input: unknown field '${key}' (allowed: ${inputVariables.join(', ')})`,
      });
    }
  }
  const input = emptyPolicyInput();
  for (const key of ['artifacts', 'suppliers'] as const) {
    if (record[key] !== undefined && !Array.isArray(record[key])) {
      throw new PolicyError({ code: 'POLICY_INPUT_INVALID', file, message: `input.${key}: expected a list` });
    }
  }
  return { ...input, ...(record as Partial<PolicyInput>) };
}
