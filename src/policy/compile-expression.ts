/**
 * Compile once, evaluate many: each policy expression is parsed, checked and planned when the policy is
 * loaded; evaluation only binds the input document.
 */
import { type CelResult, type CelValue, isCelError, parse, plan } from '@bufbuild/cel';
import { globalVariables, itemVariable, policyEnvironment } from './cel-environment.js';
import { celKind } from './cel-values.js';
import { checkExpression, type ValueKind } from './check-expression.js';

/** Which field of a rule or exception the expression is; it decides the variables and the result kind. */
export type ExpressionField = 'when' | 'violations' | 'message' | 'match';

const expectedKind: Readonly<Record<ExpressionField, ValueKind>> = {
  when: 'bool',
  violations: 'list',
  message: 'string',
  match: 'bool',
};

/** A problem in an expression, at a 1-based line and column of the expression's own text. */
export interface ExpressionDiagnostic {
  line: number;
  column: number;
  message: string;
}

export type Bindings = Record<string, unknown>;

export interface CompiledExpression {
  field: ExpressionField;
  source: string;
  /** The value, or a diagnostic when evaluation failed or the value is of the wrong kind. */
  evaluate(bindings: Bindings): { value: CelValue } | { error: ExpressionDiagnostic };
}

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export class ExpressionCompileError extends Error {
  constructor(readonly diagnostic: ExpressionDiagnostic) {
    super(diagnostic.message);
  }
}

/** `a list`, `an int`: for messages. */
function withArticle(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function isKind(value: CelValue, kind: ValueKind): boolean {
  return celKind(value) === kind;
}

/**
 * @throws ExpressionCompileError for a syntax error, an undeclared variable or function, or a result that
 *   cannot be of the field's kind (the caller adds the file and rule)
 */
export function compileExpression(source: string, field: ExpressionField): CompiledExpression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    const location = (error as { location?: { start?: { line: number; column: number } } }).location?.start;
    const raw = (error as { rawMessage?: string }).rawMessage ?? (error as Error).message;
    throw new ExpressionCompileError({
      line: location?.line ?? 1,
      column: location?.column ?? 1,
      message: `syntax error: ${raw}`,
    });
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const where = (exprId: bigint | undefined) => {
    const offset = exprId === undefined ? undefined : positions[exprId.toString()];
    return offset === undefined ? { line: 1, column: 1 } : lineAndColumn(source, offset);
  };

  const variables = new Set(
    field === 'message' || field === 'match' ? [...globalVariables, itemVariable] : globalVariables,
  );
  const environment = policyEnvironment();
  const { kind, problems } = checkExpression(environment, parsed.expr, variables);
  const [problem] = problems;
  if (problem) throw new ExpressionCompileError({ ...where(problem.exprId), message: problem.message });
  const expected = expectedKind[field];
  if (kind !== 'dyn' && kind !== expected) {
    throw new ExpressionCompileError({
      line: 1,
      column: 1,
      message: `${field} must be ${withArticle(expected)} expression, this one is ${withArticle(kind)}`,
    });
  }
  const program = plan(environment, parsed) as (bindings: Bindings) => CelResult;
  return {
    field,
    source,
    evaluate(bindings) {
      let result: CelResult;
      try {
        result = program(bindings);
      } catch (error) {
        // The evaluator reports errors as values; a throw is a bug in it or in one of our functions.
        return { error: { line: 1, column: 1, message: `evaluation failed: ${(error as Error).message}` } };
      }
      if (isCelError(result)) {
        return { error: { ...where(result.exprId), message: result.message } };
      }
      if (!isKind(result, expected)) {
        return {
          error: {
            line: 1,
            column: 1,
            message: `${field} must return ${withArticle(expected)}, it returned ${withArticle(celKind(result))}`,
          },
        };
      }
      return { value: result };
    },
  };
}
