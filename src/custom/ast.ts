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
    | { case: 'structExpr'; value: { messageName: string; entries: { value?: Expr; mapKey?: Expr }[] } }
    | { case: 'comprehensionExpr'; value: Comprehension }
    | { case: undefined; value?: undefined };
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
