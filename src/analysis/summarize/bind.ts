// Parent binding before the walk: one recursion over a file's syntax tree that sets every node's parent and
// lists, in source order, the nodes the walk stops at (see `bindParents`). Also the tables of kinds it
// sorts nodes by, which the walk (walker.ts) reads too.
import { ts } from '#ts';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter, and these run for every node.
const SK = ts.SyntaxKind;
const FIRST_TYPE_NODE = SK.FirstTypeNode;
const LAST_TOKEN = SK.LastToken;
const LAST_TYPE_NODE = SK.LastTypeNode;
const { forEachChild } = ts;

/** Type nodes, interfaces and type aliases: they hold no calls or functions to summarise (see `visitAll`). */
export function isTypeOnly(kind: ts.SyntaxKind): boolean {
  return (kind >= FIRST_TYPE_NODE && kind <= LAST_TYPE_NODE) || kind === SK.InterfaceDeclaration || kind === SK.TypeAliasDeclaration;
}

/** Kinds that open a scope of the walk: functions (fnStack, scopes) and classes (classStack). */
export const FUNCTION_SCOPE = new Uint8Array(SK.Count);
for (const k of [SK.FunctionDeclaration, SK.FunctionExpression, SK.ArrowFunction, SK.MethodDeclaration, SK.Constructor, SK.GetAccessor, SK.SetAccessor]) FUNCTION_SCOPE[k] = 1;
/** A node of this kind is a function the walk summarises (declaration, expression, arrow, method, constructor, accessor). */
export function isFunctionKind(kind: ts.SyntaxKind): boolean {
  return FUNCTION_SCOPE[kind] === 1;
}
export const CLASS_SCOPE = new Uint8Array(SK.Count);
CLASS_SCOPE[SK.ClassDeclaration] = 1;
CLASS_SCOPE[SK.ClassExpression] = 1;

/**
 * The kinds the walk stops at: those `FileWalker.enter` acts on, and those adapters and rules handle. A file
 * whose plugins ask for another kind is walked node by node instead (`visitAll`), so this list only has to
 * be right for speed, never for results.
 */
export const LISTED = new Uint8Array(SK.Count);
for (const k of [
  SK.SourceFile,
  SK.VariableDeclaration,
  SK.CallExpression,
  SK.BinaryExpression,
  SK.ExportAssignment,
  SK.JsxOpeningElement,
  SK.JsxSelfClosingElement,
  SK.NewExpression,
  SK.ImportDeclaration,
  SK.ObjectLiteralExpression,
  SK.TaggedTemplateExpression,
]) {
  LISTED[k] = 1;
}
for (let k = 0; k < SK.Count; k++) if (FUNCTION_SCOPE[k] || CLASS_SCOPE[k]) LISTED[k] = 1;

/** Markers in the listed walk: the function or class opened last ends here. */
export const END_FUNCTION = { kind: -1 } as unknown as ts.Node;
export const END_CLASS = { kind: -2 } as unknown as ts.Node;

/**
 * Parent pointers for every node `forEachChild` reaches (all but JSDoc, which nothing here reads), and, in
 * the same recursion, the walk's nodes in source order: the listed kinds outside types, each function and
 * class followed by its end marker after its contents. The walk then runs over that list instead of
 * recursing through the tree a second time: most nodes (names, property accesses, blocks, statements)
 * need nothing but a parent. The compiler's own `setParentNodes` binds through a generic work queue and
 * measured 0.6 s on 10,000 files, against 0.15 s for this recursion; adapters and rules read `.parent`
 * anywhere in the tree, so every node is bound before the walk starts.
 */
let bindingParent: ts.Node;
/** The current file's listed nodes (files are bound and walked one at a time per thread). */
let listed: ts.Node[] = [];
/** How deep the binding recursion is (see MAX_NESTING). */
let depth = 0;

/**
 * Syntax nested deeper than this is not analysed: the file gets a `doctrines/analysis-error` finding on
 * every thread alike, whatever its stack. Code nested this deep is generated, never written (a 2,500-term
 * string concatenation is 2,500 levels); the big-stack thread that takes over files too deep for the
 * others' stacks (pool.ts) parses about 400,000 levels.
 */
export const MAX_NESTING = 20_000;

/** Thrown when a file's syntax is nested deeper than MAX_NESTING; `position`: where the limit was crossed. */
export class TooDeepError extends Error {
  constructor(readonly position: { line: number; column: number }) {
    super(`syntax nested deeper than ${MAX_NESTING.toLocaleString('en-US')} levels`);
  }
}

let bindingFile: ts.SourceFile;
function tooDeep(node: ts.Node): TooDeepError {
  const at = ts.getLineAndCharacterOfPosition(bindingFile, node.getStart(bindingFile));
  return new TooDeepError({ line: at.line + 1, column: at.character + 1 });
}

function bindChild(child: ts.Node): void {
  (child as { parent: ts.Node }).parent = bindingParent;
  const kind = child.kind;
  // Tokens and identifiers (over half the nodes) have no children: no recursion for them.
  if (kind <= LAST_TOKEN) return;
  if (++depth > MAX_NESTING) throw tooDeep(child);
  const saved = bindingParent;
  bindingParent = child;
  if (isTypeOnly(kind)) forEachChild(child, bindOnly);
  else if (!LISTED[kind]) forEachChild(child, bindChild);
  else {
    listed.push(child);
    forEachChild(child, bindChild);
    if (FUNCTION_SCOPE[kind]) listed.push(END_FUNCTION);
    else if (CLASS_SCOPE[kind]) listed.push(END_CLASS);
  }
  bindingParent = saved;
  depth--;
}
/** Parents only: inside types, where the walk does not go. */
function bindOnly(child: ts.Node): void {
  (child as { parent: ts.Node }).parent = bindingParent;
  if (child.kind <= LAST_TOKEN) return;
  if (++depth > MAX_NESTING) throw tooDeep(child);
  const saved = bindingParent;
  bindingParent = child;
  forEachChild(child, bindOnly);
  bindingParent = saved;
  depth--;
}
/** Bind every node's parent; returns the walk's nodes (see `bindChild`), valid until the next call. */
export function bindParents(sf: ts.SourceFile): readonly ts.Node[] {
  listed.length = 0;
  listed.push(sf);
  bindingParent = sf;
  bindingFile = sf;
  depth = 0;
  forEachChild(sf, bindChild);
  return listed;
}

/** After a file's walk: the list is not kept to the next file, as it would hold this file's syntax tree. */
export function releaseListed(): void {
  listed = [];
}
