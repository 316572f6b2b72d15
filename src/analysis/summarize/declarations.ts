// Module-level pre-pass: imports, exports, top-level names (hoisting: a route may name a handler
// declared further down), and the modules a file loads.
import { ts } from '#ts';
import type { WalkState } from './scopes.js';
import { hasModifier, propName, unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter.
const SK = ts.SyntaxKind;
const {
  isCallExpression,
  isClassDeclaration,
  isEnumDeclaration,
  isExportAssignment,
  isExportDeclaration,
  isExternalModuleReference,
  isFunctionDeclaration,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isNamedExports,
  isNamedImports,
  isNamespaceExport,
  isNamespaceImport,
  isNoSubstitutionTemplateLiteral,
  isObjectBindingPattern,
  isPropertyAccessExpression,
  isStringLiteral,
  isVariableStatement,
} = ts;

export function collectModuleDeclarations(w: WalkState): void {
  const top = w.scopes[0];
  for (const st of w.sourceFile.statements) {
    if (isImportDeclaration(st) && isStringLiteral(st.moduleSpecifier)) {
      const specifier = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) {
        addLoad(w, specifier);
        continue;
      }
      if (clause.name) addImport(w, clause.name.text, specifier, 'default');
      const nb = clause.namedBindings;
      if (nb && isNamespaceImport(nb)) addImport(w, nb.name.text, specifier, '*');
      if (nb && isNamedImports(nb)) {
        for (const el of nb.elements) {
          addImport(w, el.name.text, specifier, (el.propertyName ?? el.name).text);
        }
      }
    } else if (isImportEqualsDeclaration(st) && isExternalModuleReference(st.moduleReference)) {
      const e = st.moduleReference.expression;
      if (isStringLiteral(e)) addImport(w, st.name.text, e.text, '*');
    } else if (isExportDeclaration(st)) {
      const spec = st.moduleSpecifier && isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (!st.exportClause) {
        if (spec) w.summary.exports[`*:${spec}`] = { kind: 'star', specifier: spec };
      } else if (isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (spec) w.summary.exports[el.name.text] = { kind: 're-export', specifier: spec, name: local };
          else {
            w.summary.exports[el.name.text] = { kind: 'local', name: local };
            w.exportedLocals.add(local);
          }
        }
      } else if (isNamespaceExport(st.exportClause) && spec) {
        w.summary.exports[st.exportClause.name.text] = { kind: 're-export', specifier: spec, name: '*' };
      }
    } else if (isExportAssignment(st)) {
      const e = unwrap(st.expression);
      if (isIdentifier(e)) w.summary.exports.default = { kind: 'local', name: e.text };
      else w.summary.exports.default = { kind: 'local', name: 'default' };
      w.exportedLocals.add(isIdentifier(e) ? e.text : 'default');
    } else {
      const exported = hasModifier(st, SK.ExportKeyword);
      const isDefault = hasModifier(st, SK.DefaultKeyword);
      const names: string[] = [];
      if ((isFunctionDeclaration(st) || isClassDeclaration(st)) && st.name) names.push(st.name.text);
      else if ((isFunctionDeclaration(st) || isClassDeclaration(st)) && isDefault) names.push('default');
      else if (isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (recordRequire(w, d)) continue;
          if (isIdentifier(d.name)) names.push(d.name.text);
        }
      } else if (isEnumDeclaration(st)) names.push(st.name.text);
      for (const n of names) {
        top.set(n, { topLevel: true });
        if (exported) {
          w.summary.exports[isDefault ? 'default' : n] = { kind: 'local', name: n };
          w.exportedLocals.add(n);
        }
      }
    }
  }
}

/** A module loaded for its effects or later (FileSummary.loads). */
export function addLoad(w: WalkState, specifier: string): void {
  const loads = (w.summary.loads ??= []);
  if (!loads.includes(specifier)) loads.push(specifier);
}

function addImport(w: WalkState, local: string, specifier: string, name: string): void {
  w.summary.imports[local] = { specifier, name };
  w.importSpecifiers.add(specifier);
}

/**
 * CommonJS imports at module level: `const x = require('pkg')`, `const { a, b: c } = require('pkg')`,
 * `const x = require('pkg').y`. A package's `module.exports` is what its default import gives; a project
 * module's is its namespace. Recorded as imports, so receivers are recognised by origin as with `import`.
 */
function recordRequire(w: WalkState, d: ts.VariableDeclaration): boolean {
  let init: ts.Node | undefined = d.initializer && unwrap(d.initializer);
  let member: string | undefined;
  if (init && isPropertyAccessExpression(init)) {
    member = init.name.text;
    init = unwrap(init.expression);
  }
  if (!init || !isCallExpression(init) || !isIdentifier(init.expression) || init.expression.text !== 'require' || init.arguments.length !== 1) return false;
  const arg = init.arguments[0];
  if (!isStringLiteral(arg) && !isNoSubstitutionTemplateLiteral(arg)) return false;
  const specifier = arg.text;
  if (isIdentifier(d.name)) {
    const whole = specifier.startsWith('.') || specifier.startsWith('/') ? '*' : 'default';
    addImport(w, d.name.text, specifier, member ?? whole);
  } else if (isObjectBindingPattern(d.name) && !member) {
    for (const el of d.name.elements) {
      if (el.dotDotDotToken || !isIdentifier(el.name)) continue;
      const prop = el.propertyName ? propName(el.propertyName) : el.name.text;
      if (prop) addImport(w, el.name.text, specifier, prop);
    }
  } else return false;
  w.requireDeclarations.add(d);
  return true;
}
