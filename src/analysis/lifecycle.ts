// Intraprocedural, syntactic lifecycle of a resource (a span) inside one function body: which `return` /
// `throw` statements may leave while it is still open, and which `catch` clauses run while it is open.
// The walk understands blocks, if/else, try/catch/finally, loops, switch, break/continue; nested functions
// are not entered (whether one releases the resource is the caller's `releases` predicate to say).
import { ts } from '#ts';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  forEachChild,
  isBlock,
  isBreakStatement,
  isClassLike,
  isContinueStatement,
  isDefaultClause,
  isDoStatement,
  isForInStatement,
  isForOfStatement,
  isForStatement,
  isFunctionLike,
  isIfStatement,
  isIterationStatement,
  isLabeledStatement,
  isReturnStatement,
  isSourceFile,
  isSwitchStatement,
  isThrowStatement,
  isTryStatement,
  isWhileStatement,
} = ts;

/** Bit set of the states a program point can be in. 0: unreachable. */
const OPEN = 1;
const CLOSED = 2;

export interface LifecycleQuery {
  /** The function body (or concise body) the resource lives in. */
  body: ts.Node;
  /** The statement that opens it; undefined when it is open on entry (a callback's span parameter). */
  start?: ts.Statement;
  /** Whether a node contains something that ends the resource or hands it to someone else. */
  releases(node: ts.Node): boolean;
  /** Catch clauses outside this node cannot see the resource's name and are not reported. */
  visibleIn?: ts.Node;
  /** Whether running a node may throw (default: anything may); code that cannot throw sends nothing to a catch. */
  mayThrow?(node: ts.Node): boolean;
}

export interface Lifecycle {
  /** Return / throw statements that may leave while the resource is open; the body itself when it can fall off its end open. */
  openExits: ts.Node[];
  /** Catch clauses entered while the resource may be open (and whose block can name it). */
  catches: ts.CatchClause[];
}

interface Flow {
  /** Inside a `try` whose `finally` releases: exits are covered. */
  covered: boolean;
  /** States that reach the innermost enclosing catch of this body (throws and anything that may throw). */
  toCatch?: { s: number };
  breaks?: { s: number };
  continues?: { s: number };
  /** A releasing `finally` lies between here and the target of a `break` / `continue`. */
  breakCovered?: boolean;
  continueCovered?: boolean;
}

export function analyzeLifecycle(q: LifecycleQuery): Lifecycle {
  const exits = new Set<ts.Node>();
  const catches = new Set<ts.CatchClause>();

  const simple = (node: ts.Node, s: number): number => (s && q.releases(node) ? CLOSED : s);
  // What an exception raised while `node` runs carries to the enclosing catch: nothing when it cannot
  // throw; a released state when the node hands the resource on (the exception then comes from its new owner).
  const raise = (node: ts.Node | undefined, s: number, f: Flow): void => {
    if (!f.toCatch || !node || (q.mayThrow && !q.mayThrow(node))) return;
    f.toCatch.s |= s && q.releases(node) ? CLOSED : s;
  };

  const list = (stmts: readonly ts.Statement[], s: number, f: Flow): number => {
    for (const st of stmts) s = exec(st, s, f);
    return s;
  };

  const exec = (st: ts.Statement, s: number, f: Flow): number => {
    if (!s) return 0;
    if (st === q.start) {
      if (f.toCatch) f.toCatch.s |= s;
      return q.releases(st) ? CLOSED : OPEN;
    }
    if (isBlock(st)) return list(st.statements, s, f);
    if (isTryStatement(st)) return tryStatement(st, s, f);
    // Anything else may throw while it runs, in the state it starts in: the statement, or the head of a compound one.
    if (isIfStatement(st) || isSwitchStatement(st) || isWhileStatement(st) || isDoStatement(st) || isForInStatement(st) || isForOfStatement(st)) {
      raise(st.expression, s, f);
    } else if (isForStatement(st)) {
      for (const part of [st.initializer, st.condition, st.incrementor]) raise(part, s, f);
    } else if (!isThrowStatement(st) && !isLabeledStatement(st)) {
      raise(st, s, f);
    }
    if (isIfStatement(st)) {
      const c = simple(st.expression, s);
      return exec(st.thenStatement, c, f) | (st.elseStatement ? exec(st.elseStatement, c, f) : c);
    }
    if (isReturnStatement(st)) {
      if (s & OPEN && !f.covered && !(st.expression && q.releases(st.expression))) exits.add(st);
      return 0;
    }
    if (isThrowStatement(st)) {
      // `throw new SpanError(err, span)`: the resource leaves with the exception, to whoever catches it.
      const handedOn = !!st.expression && q.releases(st.expression);
      if (f.toCatch) f.toCatch.s |= handedOn ? CLOSED : s;
      else if (s & OPEN && !f.covered && !handedOn) exits.add(st);
      return 0;
    }
    if (isIterationStatement(st, false)) return loop(st, s, f);
    if (isSwitchStatement(st)) {
      const inner: Flow = { ...f, breaks: { s: 0 }, breakCovered: false };
      const entry = simple(st.expression, s);
      let prev = 0;
      let hasDefault = false;
      for (const clause of st.caseBlock.clauses) {
        if (isDefaultClause(clause)) hasDefault = true;
        prev = list(clause.statements, entry | prev, inner);
      }
      return prev | inner.breaks!.s | (hasDefault ? 0 : entry);
    }
    if (isBreakStatement(st)) {
      if (f.breaks) f.breaks.s |= f.breakCovered ? CLOSED : s;
      return 0;
    }
    if (isContinueStatement(st)) {
      if (f.continues) f.continues.s |= f.continueCovered ? CLOSED : s;
      return 0;
    }
    if (isLabeledStatement(st)) return exec(st.statement, s, f);
    return simple(st, s);
  };

  const tryStatement = (st: ts.TryStatement, s: number, f: Flow): number => {
    const finallyReleases = !!st.finallyBlock && q.releases(st.finallyBlock);
    const covered = f.covered || finallyReleases;
    const outward = f.toCatch;
    // Exceptions leaving the try and catch blocks pass through the finally: a releasing one closes them.
    const viaFinally = finallyReleases ? { s: 0 } : outward;
    const toCatch = st.catchClause ? { s: 0 } : viaFinally;
    const through: Partial<Flow> = finallyReleases ? { breakCovered: true, continueCovered: true } : {};
    let out = exec(st.tryBlock, s, { ...f, ...through, covered, toCatch });
    const cc = st.catchClause;
    if (cc) {
      const entry = toCatch!.s | out;
      // A catch that rethrows into an enclosing catch of the same body leaves the judging to that one.
      const rethrowsInward = !!outward && containsThrow(cc.block);
      if (entry & OPEN && !rethrowsInward && (!q.visibleIn || isInside(cc, q.visibleIn))) catches.add(cc);
      out |= exec(cc.block, entry, { ...f, ...through, covered, toCatch: viaFinally });
    }
    if (outward && viaFinally !== outward && viaFinally!.s) outward.s |= CLOSED;
    if (st.finallyBlock) out = finallyReleases ? (out ? CLOSED : 0) : exec(st.finallyBlock, out, f);
    return out;
  };

  const loop = (st: ts.IterationStatement, s: number, f: Flow): number => {
    const inner: Flow = { ...f, breaks: { s: 0 }, continues: { s: 0 }, breakCovered: false, continueCovered: false };
    let entry = s;
    let end = 0;
    // Two passes: the second sees the states the first iteration leaves behind.
    for (let pass = 0; pass < 2; pass++) {
      end = exec(st.statement, entry, inner);
      const next = s | end | inner.continues!.s;
      if (next === entry) break;
      entry = next;
    }
    const infinite =
      ((isWhileStatement(st) || isDoStatement(st)) && st.expression.kind === ts.SyntaxKind.TrueKeyword) ||
      (isForStatement(st) && (!st.condition || st.condition.kind === ts.SyntaxKind.TrueKeyword));
    if (infinite) return inner.breaks!.s;
    const mayNotRun = isDoStatement(st) ? 0 : s;
    return mayNotRun | end | inner.continues!.s | inner.breaks!.s;
  };

  const body = q.body;
  if (isBlock(body) || isSourceFile(body)) {
    const end = list(body.statements, q.start ? CLOSED : OPEN, { covered: false });
    if (end & OPEN && isBlock(body)) exits.add(body);
  } else if (!q.releases(body)) {
    exits.add(body);
  }
  return { openExits: [...exits], catches: [...catches] };
}

function containsThrow(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n) || isClassLike(n)) return;
    if (isThrowStatement(n)) found = true;
    else forEachChild(n, visit);
  };
  forEachChild(node, visit);
  return found;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === container) return true;
  return false;
}
