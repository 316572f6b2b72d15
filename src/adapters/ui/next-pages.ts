// Next.js pages: app-router `page.*` files and pages-router files (not `_app`, `_document` or `api/`).
// The target is the page's default export, whatever it is: a function component, a server component,
// or a wrapper call (`withTelemetry(Page)`) that the graph judges. Only in a package that depends on `next`:
// a Vite single-page app's `src/pages/` folder is no pages router.
import { defineAdapter } from '../types.js';
import { NEXT_APP, moduleExports, nextPageUrl } from '../file-routes.js';

export default defineAdapter({
  name: 'next',
  targetKind: 'ui-component',
  packages: [],
  appliesToPath: (p) => nextPageUrl(p) !== undefined,
  create(ctx) {
    return {
      end() {
        const url = nextPageUrl(ctx.file)!;
        const page = moduleExports(ctx).find((e) => e.name === 'default');
        if (!page?.callable || !page.refs.length) return;
        ctx.addTarget({ kind: 'ui-component', framework: 'next', name: url, symbol: page.localName ?? 'default', span: page.span, handlers: page.refs, requiresPackage: NEXT_APP });
      },
    };
  },
});
