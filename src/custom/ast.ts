/**
 * The parts of the cel.expr AST (protobuf-es messages, as @bufbuild/cel's
 * parser makes them) that custom rules read and write.
 */
export interface Expr {
  id: bigint;
  exprKind:
    | { case: 'constExpr'; value: { constantKind: { case: string | undefined; value?: unknown } } }
    | { case: 'identExpr'; value: { name: string } }
    | { case: 'selectExpr'; value: { operand?: Expr; field: string; testOnly: boolean } }
    | { case: 'callExpr'; value: { target?: Expr; function: string; args: Expr[] } }
    | { case: 'listExpr'; value: { elements: Expr[]; optionalIndices?: number[] } }
    | { case: 'structExpr'; value: { messageName: string; entries: StructEntry[] } }
    | { case: 'comprehensionExpr'; value: Comprehension }
    | { case: undefined; value?: undefined };
}

/** An entry of a map literal (`mapKey`) or a message (`fieldKey`): its key is under `keyKind`. */
export interface StructEntry {
  keyKind: { case: 'mapKey'; value: Expr } | { case: 'fieldKey'; value: string } | { case: undefined; value?: undefined };
  value?: Expr;
}

/** The key expression of a map literal's entry; undefined for a message field, whose key is a name. */
export function mapKeyOf(entry: StructEntry): Expr | undefined {
  return entry.keyKind.case === 'mapKey' ? entry.keyKind.value : undefined;
}

export interface Comprehension {
  iterVar: string;
  iterVar2: string;
  accuVar: string;
  iterRange?: Expr;
  accuInit?: Expr;
  loopCondition?: Expr;
  loopStep?: Expr;
  result?: Expr;
}
