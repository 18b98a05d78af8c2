/**
 * What we check in an expression before evaluating anything. @bufbuild/cel 0.6 exports no type checker
 * (its `Checker` handles constants and identifiers only), so this walks the parsed AST itself:
 * every identifier is a declared variable or a comprehension variable in scope, every function exists in
 * the environment, and the result is of the kind the field needs when that can be told from the AST
 * (a comparison is never a list), and every field selected on the input document exists in its
 * schema (input-schema.ts), followed through `filter`, `map`, `exists`, `all` and indexing. What depends
 * on the data itself (a null where an object was expected) is found at evaluation time, where the rule
 * fails closed.
 */
import type { CelEnv, parse } from '@bufbuild/cel';
import { inputShapes, type Shape } from './input-schema.js';

export type Expr = ReturnType<typeof parse>['expr'];

/** The kind of value an expression yields, when the AST tells; `dyn` when only evaluation can. */
export type ValueKind =
  | 'bool'
  | 'int'
  | 'uint'
  | 'double'
  | 'string'
  | 'bytes'
  | 'null'
  | 'list'
  | 'map'
  | 'dyn';

export interface ExpressionProblem {
  /** The AST node the problem is at, for its source position. */
  exprId: bigint;
  message: string;
}

/** Operators and macros the planner implements itself: they are not in the function resolver. */
const builtinOperators: Readonly<Record<string, ValueKind>> = {
  '_&&_': 'bool',
  '_||_': 'bool',
  '@not_strictly_false': 'bool',
  '_[_]': 'dyn',
  '_[?_]': 'dyn',
  '_?_:_': 'dyn',
};

function kindOfTypeName(name: string): ValueKind {
  switch (name) {
    case 'bool':
    case 'int':
    case 'uint':
    case 'double':
    case 'string':
    case 'bytes':
    case 'list':
    case 'map':
      return name;
    case 'null_type':
      return 'null';
    default:
      return 'dyn';
  }
}

class ExpressionChecker {
  readonly problems: ExpressionProblem[] = [];
  private readonly scopes: Map<string, ValueKind>[] = [];
  /** The schema shape of comprehension variables in scope, when their range's shape is known. */
  private readonly shapeScopes: Map<string, Shape | undefined>[] = [];
  /** The schema shape of each checked node whose shape is known. */
  private readonly shapes = new Map<bigint, Shape>();

  constructor(
    private readonly environment: CelEnv,
    private readonly variables: ReadonlySet<string>,
  ) {}

  private lookup(name: string): ValueKind | undefined {
    for (let index = this.scopes.length - 1; index >= 0; index--) {
      const kind = this.scopes[index]?.get(name);
      if (kind !== undefined) return kind;
    }
    return this.variables.has(name) ? 'dyn' : undefined;
  }

  private lookupShape(name: string): Shape | undefined {
    for (let index = this.shapeScopes.length - 1; index >= 0; index--) {
      const scope = this.shapeScopes[index];
      if (scope?.has(name)) return scope.get(name);
    }
    for (const scope of this.scopes) if (scope.has(name)) return undefined;
    return this.variables.has(name) ? inputShapes[name] : undefined;
  }

  private setShape(expr: Expr, shape: Shape | undefined): void {
    if (shape) this.shapes.set(expr.id, shape);
  }

  /** A field of a known object must be in the schema; a map's keys come from the data. */
  private selectShape(expr: Expr, operand: Expr | undefined, field: string): Shape | undefined {
    const shape = operand ? this.shapes.get(operand.id) : undefined;
    if (shape?.kind === 'map') return shape.value;
    if (shape?.kind !== 'object') return undefined;
    const found = shape.fields[field];
    if (!found) {
      this.problems.push({
        exprId: expr.id,
        message: `${shape.path} has no field '${field}' (fields: ${Object.keys(shape.fields).join(', ')})`,
      });
    }
    return found;
  }

  /** `spdx.satisfies(…)` parses as a call of `satisfies` on `spdx`: the qualified name, if it is one. */
  private qualifiedName(target: Expr, name: string): string | undefined {
    const parts = [name];
    let node: Expr | undefined = target;
    while (node?.exprKind.case === 'selectExpr' && !node.exprKind.value.testOnly) {
      parts.unshift(node.exprKind.value.field);
      node = node.exprKind.value.operand;
    }
    if (node?.exprKind.case !== 'identExpr') return undefined;
    if (this.lookup(node.exprKind.value.name) !== undefined) return undefined;
    parts.unshift(node.exprKind.value.name);
    return parts.join('.');
  }

  check(expr: Expr | undefined): ValueKind {
    if (!expr) return 'dyn';
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr':
        switch (kind.value.constantKind.case) {
          case 'boolValue':
            return 'bool';
          case 'int64Value':
            return 'int';
          case 'uint64Value':
            return 'uint';
          case 'doubleValue':
            return 'double';
          case 'stringValue':
            return 'string';
          case 'bytesValue':
            return 'bytes';
          case 'nullValue':
            return 'null';
          default:
            return 'dyn';
        }
      case 'identExpr': {
        this.setShape(expr, this.lookupShape(kind.value.name));
        const found = this.lookup(kind.value.name);
        if (found === undefined) {
          this.problems.push({
            exprId: expr.id,
            message: `undeclared variable '${kind.value.name}' (declared: ${[...this.variables].sort().join(', ')})`,
          });
          return 'dyn';
        }
        return found;
      }
      case 'selectExpr': {
        this.check(kind.value.operand);
        const field = this.selectShape(expr, kind.value.operand, kind.value.field);
        if (!kind.value.testOnly) this.setShape(expr, field);
        return kind.value.testOnly ? 'bool' : 'dyn';
      }
      case 'listExpr':
        for (const element of kind.value.elements) this.check(element);
        return 'list';
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.check(entry.keyKind.value);
          this.check(entry.value);
        }
        return kind.value.messageName ? 'dyn' : 'map';
      case 'comprehensionExpr': {
        const comprehension = kind.value;
        this.check(comprehension.iterRange);
        const range = comprehension.iterRange ? this.shapes.get(comprehension.iterRange.id) : undefined;
        const accumulator = this.check(comprehension.accuInit);
        const scope = new Map<string, ValueKind>([[comprehension.accuVar, accumulator]]);
        scope.set(comprehension.iterVar, 'dyn');
        if (comprehension.iterVar2) scope.set(comprehension.iterVar2, 'dyn');
        this.scopes.push(scope);
        // A list's elements, or a map's values (its keys are data); the accumulator has no known shape.
        const element = range?.kind === 'list' ? range.element : undefined;
        const shapeScope = new Map<string, Shape | undefined>([[comprehension.accuVar, undefined]]);
        shapeScope.set(comprehension.iterVar, comprehension.iterVar2 ? undefined : element);
        if (comprehension.iterVar2)
          shapeScope.set(comprehension.iterVar2, range?.kind === 'map' ? range.value : element);
        this.shapeScopes.push(shapeScope);
        this.check(comprehension.loopCondition);
        this.check(comprehension.loopStep);
        const result = this.check(comprehension.result);
        this.shapeScopes.pop();
        this.scopes.pop();
        if (range?.kind === 'list' && isFilter(comprehension)) this.setShape(expr, range);
        return result;
      }
      case 'callExpr':
        return this.checkCall(expr.id, kind.value.function, kind.value.target, kind.value.args);
      default:
        return 'dyn';
    }
  }

  private checkCall(id: bigint, name: string, target: Expr | undefined, args: Expr[]): ValueKind {
    const qualified = target ? this.qualifiedName(target, name) : undefined;
    const functionName = qualified ?? name;
    if (!qualified && target) this.check(target);
    const argumentKinds = args.map((argument) => this.check(argument));
    if (functionName === '_[_]') {
      // Indexing a known list or map gives its element.
      const indexed = args[0] ? this.shapes.get(args[0].id) : undefined;
      if (indexed?.kind === 'list') this.shapes.set(id, indexed.element);
      if (indexed?.kind === 'map') this.shapes.set(id, indexed.value);
    }
    if (functionName in builtinOperators) {
      if (functionName === '_?_:_') {
        const [, whenTrue, whenFalse] = argumentKinds;
        return whenTrue === whenFalse ? (whenTrue ?? 'dyn') : 'dyn';
      }
      return builtinOperators[functionName] as ValueKind;
    }
    const group = this.environment.funcs.find(functionName);
    if (!group) {
      this.problems.push({ exprId: id, message: `undeclared function '${functionName}'` });
      return 'dyn';
    }
    if (functionName === '_+_') {
      // string + string, list + list, numbers: the known operand decides.
      return argumentKinds.find((argumentKind) => argumentKind !== 'dyn') ?? 'dyn';
    }
    const results = new Set([...group].map((overload) => kindOfTypeName(overload.result.name)));
    return results.size === 1 ? ([...results][0] as ValueKind) : 'dyn';
  }
}

type Comprehension = Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'];

/**
 * Whether a comprehension is the `filter` macro's expansion: the result is the accumulator, which starts
 * as `[]` and grows by `[iterVar]` under a condition. Its result then has its range's shape.
 */
function isFilter(comprehension: Comprehension): boolean {
  const { accuVar, iterVar, accuInit, loopStep, result } = comprehension;
  if (result?.exprKind.case !== 'identExpr' || result.exprKind.value.name !== accuVar) return false;
  if (accuInit?.exprKind.case !== 'listExpr' || accuInit.exprKind.value.elements.length > 0) return false;
  if (loopStep?.exprKind.case !== 'callExpr' || loopStep.exprKind.value.function !== '_?_:_') return false;
  const appended = loopStep.exprKind.value.args[1];
  if (appended?.exprKind.case !== 'callExpr' || appended.exprKind.value.function !== '_+_') return false;
  const list = appended.exprKind.value.args[1];
  if (list?.exprKind.case !== 'listExpr') return false;
  const only = list.exprKind.value.elements;
  return (
    only.length === 1 && only[0]?.exprKind.case === 'identExpr' && only[0].exprKind.value.name === iterVar
  );
}

/** Checks one parsed expression; returns its problems and the kind of its result. */
export function checkExpression(
  environment: CelEnv,
  expr: Expr,
  variables: ReadonlySet<string>,
): { kind: ValueKind; problems: ExpressionProblem[] } {
  const checker = new ExpressionChecker(environment, variables);
  const kind = checker.check(expr);
  return { kind, problems: checker.problems };
}
