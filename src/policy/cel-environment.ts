/**
 * The one CEL environment every policy expression is compiled in: the input document's variables, the
 * policy's `params`, the evaluation time `now`, and for messages and exception matches the offending
 * `item`. All are declared `dyn`: the input document is JSON-shaped, and @bufbuild/cel 0.6 has no type
 * checker to use richer declarations with (see check-expression.ts for what we check instead).
 */
import {
  type CelEnv,
  type CelResult,
  CelScalar,
  type CelValue,
  celEnv,
  isCelError,
  parse,
  plan,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { InternalError } from '../errors.js';
import { policyFunctions } from './cel-functions.js';
import { inputVariables } from './input-document.js';

export const globalVariables: readonly string[] = [...inputVariables, 'params', 'now'];
export const itemVariable = 'item';

const allVariables = Object.fromEntries(
  [...globalVariables, itemVariable].map((name) => [name, CelScalar.DYN] as const),
);

let environment: CelEnv | undefined;

export function policyEnvironment(): CelEnv {
  environment ??= celEnv({ funcs: [...strings, ...policyFunctions], variables: allVariables });
  return environment;
}

let makeTimestamp: ((bindings: { text: string }) => CelResult) | undefined;

/**
 * `now` as a CEL timestamp (google.protobuf.Timestamp), made by CEL's own `timestamp()` so that rules
 * compare it with `timestamp("…")` values of the same type without a protobuf dependency of our own.
 */
export function celTimestamp(date: Date): CelValue {
  makeTimestamp ??= plan(celEnv({ variables: { text: CelScalar.STRING } }), parse('timestamp(text)'));
  const value = makeTimestamp({ text: date.toISOString() });
  if (isCelError(value))
    throw new InternalError(`cannot make a CEL timestamp of ${date.toISOString()}`, value);
  return value;
}
