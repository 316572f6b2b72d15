// File-based routing: which files are routes and the URL each serves (Next.js, React Router / Remix).
import { describe, expect, it } from 'vitest';
import { flatRoutePath, mayBeReactRouterModule, nextAppPath, nextPagesPath } from '../src/adapters/file-routes.js';

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
