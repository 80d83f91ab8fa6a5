// Arithmetic over metric keys for derived metrics: numbers, metric keys,
// + - * /, unary minus and parentheses. Parsed, never pasted into SQL.

export type Expr =
  | { type: "number"; value: number }
  | { type: "metric"; key: string }
  | { type: "negate"; operand: Expr }
  | { type: "binary"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr };

export class ExpressionError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at character ${position + 1}`);
  }
}

type Token = { kind: "num" | "id" | "op" | "lp" | "rp"; text: string; pos: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([a-z][a-z0-9_]*)|([-+*/])|(\()|(\)))/y;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(source);
    if (!m) throw new ExpressionError(`unexpected '${source.slice(pos).trim()[0]}'`, pos + (source.slice(pos).length - source.slice(pos).trimStart().length));
    const start = m.index + (m[0].length - m[0].trimStart().length);
    if (m[1]) tokens.push({ kind: "num", text: m[1], pos: start });
    else if (m[2]) tokens.push({ kind: "id", text: m[2], pos: start });
    else if (m[3]) tokens.push({ kind: "op", text: m[3], pos: start });
    else if (m[4]) tokens.push({ kind: "lp", text: "(", pos: start });
    else tokens.push({ kind: "rp", text: ")", pos: start });
    pos = re.lastIndex;
  }
  return tokens;
}

export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const fail = (message: string): never => {
    throw new ExpressionError(message, peek()?.pos ?? source.length);
  };
  const primary = (): Expr => {
    const t = peek();
    if (!t) return fail("expression ends too early");
    i++;
    if (t.kind === "num") return { type: "number", value: Number(t.text) };
    if (t.kind === "id") return { type: "metric", key: t.text };
    if (t.kind === "op" && t.text === "-") return { type: "negate", operand: primary() };
    if (t.kind === "lp") {
      const inner = sum();
      if (peek()?.kind !== "rp") fail("missing ')'");
      i++;
      return inner;
    }
    i--;
    return fail(`unexpected '${t.text}'`);
  };
  const product = (): Expr => {
    let left = primary();
    while (peek()?.kind === "op" && (peek()?.text === "*" || peek()?.text === "/")) {
      const op = peek()!.text as "*" | "/";
      i++;
      left = { type: "binary", op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = product();
    while (peek()?.kind === "op" && (peek()?.text === "+" || peek()?.text === "-")) {
      const op = peek()!.text as "+" | "-";
      i++;
      left = { type: "binary", op, left, right: product() };
    }
    return left;
  };
  if (tokens.length === 0) fail("expression is empty");
  const expr = sum();
  if (i < tokens.length) fail(`unexpected '${peek()!.text}'`);
  return expr;
}

export function expressionMetricKeys(expr: Expr): string[] {
  const keys = new Set<string>();
  const walk = (e: Expr) => {
    if (e.type === "metric") keys.add(e.key);
    else if (e.type === "negate") walk(e.operand);
    else if (e.type === "binary") {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return [...keys];
}

/** Evaluates with JS numbers: division by zero or a missing input gives null. */
export function evaluateExpression(expr: Expr, values: Record<string, number | null | undefined>): number | null {
  switch (expr.type) {
    case "number":
      return expr.value;
    case "metric":
      return values[expr.key] ?? null;
    case "negate": {
      const v = evaluateExpression(expr.operand, values);
      return v === null ? null : -v;
    }
    case "binary": {
      const l = evaluateExpression(expr.left, values);
      const r = evaluateExpression(expr.right, values);
      if (l === null || r === null) return null;
      if (expr.op === "/") return r === 0 ? null : l / r;
      return expr.op === "+" ? l + r : expr.op === "-" ? l - r : l * r;
    }
  }
}
