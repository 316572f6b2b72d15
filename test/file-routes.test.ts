// File-based routing: which files are routes and the URL each serves (Next.js, React Router / Remix).
import { describe, expect, it } from 'vitest';
import { astroEndpointPath, astroMiddleware, flatRoutePath, isSvelteKitServerHooks, mayBeReactRouterModule, medusaApiFolder, medusaRoutePath, nextAppPath, nextPagesPath, nitroFile, svelteKitRoute } from '../src/adapters/file-routes.js';

describe('nextAppPath', () => {
  it('reads the URL from the folders of a route or page file', () => {
    expect(nextAppPath('app/orders/[id]/route.ts', 'route')).toBe('/orders/[id]');
    expect(nextAppPath('src/app/api/orders/route.js', 'route')).toBe('/api/orders');
    expect(nextAppPath('app/route.ts', 'route')).toBe('/');
    expect(nextAppPath('app/page.tsx', 'page')).toBe('/');
    expect(nextAppPath('app/docs/[...slug]/page.tsx', 'page')).toBe('/docs/[...slug]');
  });

  it('drops route groups, parallel-route slots and intercepting markers', () => {
    expect(nextAppPath('app/(admin)/reports/route.ts', 'route')).toBe('/reports');
    expect(nextAppPath('app/@modal/(.)photos/[id]/page.tsx', 'page')).toBe('/photos/[id]');
    expect(nextAppPath('app/feed/@modal/(..)(..)photo/page.tsx', 'page')).toBe('/feed/photo');
  });

  it('finds the app folder inside a monorepo package, preferring src/app', () => {
    expect(nextAppPath('apps/web/app/orders/route.ts', 'route')).toBe('/orders');
    expect(nextAppPath('packages/app/src/app/orders/route.ts', 'route')).toBe('/orders');
  });

  it('is undefined for other files, private folders and files outside app/', () => {
    expect(nextAppPath('app/orders/[id]/page.tsx', 'route')).toBeUndefined();
    expect(nextAppPath('app/orders/layout.tsx', 'page')).toBeUndefined();
    expect(nextAppPath('app/_lib/route.ts', 'route')).toBeUndefined();
    expect(nextAppPath('lib/route.ts', 'route')).toBeUndefined();
    expect(nextAppPath('app.ts', 'route')).toBeUndefined();
  });
});

describe('nextPagesPath', () => {
  it('maps files under pages/ to URLs and tells API routes and special files apart', () => {
    expect(nextPagesPath('pages/index.tsx')).toEqual({ path: '/', api: false, special: false });
    expect(nextPagesPath('src/pages/orders/[id].tsx')).toEqual({ path: '/orders/[id]', api: false, special: false });
    expect(nextPagesPath('pages/api/users.ts')).toEqual({ path: '/api/users', api: true, special: false });
    expect(nextPagesPath('pages/api/orders/index.ts')).toEqual({ path: '/api/orders', api: true, special: false });
    expect(nextPagesPath('pages/_app.tsx')?.special).toBe(true);
    expect(nextPagesPath('pages/_document.tsx')?.special).toBe(true);
    expect(nextPagesPath('pages/_error.tsx')?.special).toBe(false);
    expect(nextPagesPath('lib/pages.ts')).toBeUndefined();
  });

  it('takes a pages/ folder as a routing root only at a project top or directly in src/', () => {
    expect(nextPagesPath('packages/app/pages/search.tsx')?.path).toBe('/search');
    expect(nextPagesPath('web/src/pages/project/[projectId].tsx')?.path).toBe('/project/[projectId]');
    expect(nextPagesPath('src/frontend/pages/cart/index.tsx')?.path).toBe('/cart');
    expect(nextPagesPath('web/src/features/evals/pages/EvaluatorDetailPage.tsx')).toBeUndefined();
    expect(nextPagesPath('src/features/billing/pages/InvoicesPage.tsx')).toBeUndefined();
    expect(nextAppPath('web/src/features/evals/app/page.tsx', 'page')).toBeUndefined();
  });
});

describe('flatRoutePath', () => {
  it('reads remix-flat-routes hybrid folders (name+/) as prefixes of the flat names inside them', () => {
    expect(flatRoutePath('app/routes/_authenticated+/t.$teamUrl+/settings.members.tsx')).toBe('/t/:teamUrl/settings/members');
    expect(flatRoutePath('app/routes/_authenticated+/t.$teamUrl+/_layout.tsx')).toBe('/t/:teamUrl');
    expect(flatRoutePath('app/routes/embed+/v1+/authoring_.completed.create.tsx')).toBe('/embed/v1/authoring/completed/create');
    expect(flatRoutePath('app/routes/_unauthenticated+/_index.tsx')).toBe('/');
    expect(flatRoutePath('app/routes/settings/components/Form.tsx')).toBeUndefined();
  });

  it('reads flat-route file names', () => {
    expect(flatRoutePath('app/routes/_index.tsx')).toBe('/');
    expect(flatRoutePath('app/routes/orders.$id.tsx')).toBe('/orders/:id');
    expect(flatRoutePath('app/routes/orders_.$id.edit.tsx')).toBe('/orders/:id/edit');
    expect(flatRoutePath('app/routes/_auth.login.tsx')).toBe('/login');
    expect(flatRoutePath('app/routes/($lang).about.tsx')).toBe('/:lang?/about');
    expect(flatRoutePath('app/routes/files.$.tsx')).toBe('/files/*');
    expect(flatRoutePath('app/routes/sitemap[.]xml.ts')).toBe('/sitemap.xml');
  });

  it('treats route.tsx in a folder as the folder route, and other files there as colocated modules', () => {
    expect(flatRoutePath('app/routes/settings.profile/route.tsx')).toBe('/settings/profile');
    expect(flatRoutePath('app/routes/settings.profile/schema.ts')).toBeUndefined();
    expect(flatRoutePath('app/routes/a/b/c.tsx')).toBeUndefined();
  });

  it('leaves files outside routes/ to content checks under app/', () => {
    expect(flatRoutePath('app/product.tsx')).toBeUndefined();
    expect(mayBeReactRouterModule('app/product.tsx')).toBe(true);
    expect(mayBeReactRouterModule('src/components/Button.tsx')).toBe(false);
  });
});

describe('svelteKitRoute', () => {
  it('reads the route from the folders under src/routes, dropping groups and keeping parameters as written', () => {
    expect(svelteKitRoute('src/routes/+server.ts')).toEqual({ file: 'server', path: '/' });
    expect(svelteKitRoute('src/routes/(app)/orders/[id]/+page.server.ts')).toEqual({ file: 'page', path: '/orders/[id]' });
    expect(svelteKitRoute('apps/web/src/routes/[[lang]]/docs/[...rest]/+layout.server.js')).toEqual({ file: 'layout', path: '/[[lang]]/docs/[...rest]' });
    expect(svelteKitRoute('src/routes/items/[id=integer]/+server.js')?.path).toBe('/items/[id=integer]');
  });

  it('is undefined for other files and for route-like names outside src/routes', () => {
    expect(svelteKitRoute('src/routes/orders/+page.ts')).toBeUndefined();
    expect(svelteKitRoute('src/routes/orders/+page.svelte')).toBeUndefined();
    expect(svelteKitRoute('src/lib/+server.ts')).toBeUndefined();
    expect(svelteKitRoute('routes/+server.ts')).toBeUndefined();
    expect(isSvelteKitServerHooks('src/hooks.server.ts')).toBe(true);
    expect(isSvelteKitServerHooks('apps/web/src/hooks.server.js')).toBe(true);
    expect(isSvelteKitServerHooks('src/hooks.client.ts')).toBe(false);
  });
});

describe('nitroFile', () => {
  it('reads routes, methods, index files, parameters and catch-alls', () => {
    expect(nitroFile('server/api/orders.post.ts')).toMatchObject({ kind: 'api', server: true, path: '/api/orders', method: 'POST' });
    expect(nitroFile('server/api/orders/[id].get.ts')).toMatchObject({ path: '/api/orders/:id', method: 'GET' });
    expect(nitroFile('server/api/index.ts')).toMatchObject({ path: '/api', method: undefined });
    expect(nitroFile('server/routes/index.get.ts')).toMatchObject({ kind: 'routes', path: '/', method: 'GET' });
    expect(nitroFile('server/routes/docs/[...slug].ts')?.path).toBe('/docs/**:slug');
    expect(nitroFile('server/api/navigation.json.get.ts')?.path).toBe('/api/navigation.json');
    expect(nitroFile('server/routes/(admin)/hello.dev.get.ts')).toMatchObject({ path: '/hello', method: 'GET' });
    expect(nitroFile('layers/nuxi/server/api/chats/[id]/title.patch.ts')).toMatchObject({ path: '/api/chats/:id/title', method: 'PATCH' });
  });

  it('tells Nuxt server folders from standalone Nitro folders, and gives the app root', () => {
    expect(nitroFile('routes/feed.ts')).toMatchObject({ kind: 'routes', server: false, appRoot: '..' });
    expect(nitroFile('server/middleware/auth.ts')).toEqual({ kind: 'middleware', server: true, appRoot: '../..' });
    expect(nitroFile('app/server/plugins/otel/index.ts')).toEqual({ kind: 'plugins', server: true, appRoot: '../../..' });
  });

  it('leaves other frameworks\' folders and non-route folders alone', () => {
    expect(nitroFile('src/routes/orders.ts')).toBeUndefined();
    expect(nitroFile('pages/api/users.ts')).toBeUndefined();
    expect(nitroFile('src/app/api/users/route.ts')).toBeUndefined();
    expect(nitroFile('server/utils/db.ts')).toBeUndefined();
    expect(nitroFile('server/api/types.d.ts')).toBeUndefined();
  });
});

describe('astroEndpointPath', () => {
  it('maps .ts / .js files under src/pages to their URL', () => {
    expect(astroEndpointPath('src/pages/api/orders/[id].ts')).toBe('/api/orders/[id]');
    expect(astroEndpointPath('src/pages/rss.xml.js')).toBe('/rss.xml');
    expect(astroEndpointPath('src/pages/api/index.ts')).toBe('/api');
  });

  it('skips pages, underscored files and files outside src/pages', () => {
    expect(astroEndpointPath('src/pages/index.astro')).toBeUndefined();
    expect(astroEndpointPath('src/pages/about.tsx')).toBeUndefined();
    expect(astroEndpointPath('src/pages/_lib/helper.ts')).toBeUndefined();
    expect(astroEndpointPath('pages/api/x.ts')).toBeUndefined();
    expect(astroMiddleware('src/middleware.ts')).toEqual({ appRoot: '.' });
    expect(astroMiddleware('src/middleware/index.js')).toEqual({ appRoot: '..' });
    expect(astroMiddleware('src/middleware/auth.ts')).toBeUndefined();
  });
});

describe('medusaRoutePath', () => {
  it('maps route files under src/api to Express-style paths', () => {
    expect(medusaRoutePath('src/api/admin/orders/route.ts')).toBe('/admin/orders');
    expect(medusaRoutePath('packages/medusa/src/api/admin/orders/[id]/fulfillments/route.ts')).toBe('/admin/orders/:id/fulfillments');
    expect(medusaRoutePath('src/api/files/[...]/route.js')).toBe('/files/*');
  });

  it('skips other files and underscored folders, and finds the api folder from any file under it', () => {
    expect(medusaRoutePath('src/api/admin/orders/helpers.ts')).toBeUndefined();
    expect(medusaRoutePath('src/api/_internal/route.ts')).toBeUndefined();
    expect(medusaRoutePath('api/admin/route.ts')).toBeUndefined();
    expect(medusaApiFolder('src/api/middlewares.ts')).toBe('.');
    expect(medusaApiFolder('packages/medusa/src/api/admin/orders/middlewares.ts')).toBe('../..');
    expect(medusaApiFolder('src/lib/x.ts')).toBeUndefined();
  });
});
