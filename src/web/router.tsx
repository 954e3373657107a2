import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { ApiError, api, unwrap } from './api/client';
import { keys, type Me, todayQueryOptions, useMe, visibleOwner } from './api/queries';
import { AppLayout } from './components/app-layout';
import { NotFoundPage, RouteErrorState } from './components/route-states';
import { ErrorState, ListSkeleton, PageLoader } from './components/states';
import { isIsoDate, todayIso } from './lib/dates';
import { validateCompaniesSearch, validateContactsSearch } from './routes/contacts/search';
import { TodayPage } from './routes/today/today-page';

type RouterContext = { queryClient: QueryClient };

/** Who is signed in, from the cache or the server; null when nobody is. */
async function ensureMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.ensureQueryData({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/auth/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  errorComponent: ({ error, reset }) => <ErrorState error={error} onRetry={reset} fullPage />,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } =>
    typeof search.next === 'string' && search.next.startsWith('/') ? { next: search.next } : {},
  beforeLoad: async ({ context }) => {
    if (await ensureMe(context.queryClient)) throw redirect({ to: '/' });
  },
}).lazy(() => import('./routes/sign-in').then((m) => m.signInRoute));

/** Every signed-in screen sits under this layout: the shell, quick log and the palette. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await ensureMe(context.queryClient);
    if (!me) {
      const next = location.href === '/' ? undefined : location.href;
      throw redirect({ to: '/sign-in', search: next ? { next } : {} });
    }
  },
  component: SignedInLayout,
});

function SignedInLayout() {
  const { data: me } = useMe();
  if (!me) return <PageLoader />;
  return (
    <AppLayout me={me}>
      <Outlet />
    </AppLayout>
  );
}

/** owner: 'all' for the team, or one teammate's user id; absent for my own list. */
export type TodaySearch = { asOf?: string; tab?: 'due' | 'orphans'; owner?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const todayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): TodaySearch => ({
    asOf: typeof search.asOf === 'string' && isIsoDate(search.asOf) ? search.asOf : undefined,
    tab: search.tab === 'orphans' ? 'orphans' : undefined,
    owner:
      search.owner === 'all' || (typeof search.owner === 'string' && UUID.test(search.owner))
        ? search.owner
        : undefined,
  }),
  // On arrival Today waits for its list and renders once, with it: the boot script in index.html has
  // usually fetched it by the time the app runs. A slow list shows the skeleton after pendingMs; another
  // day or owner (a search change) does not wait, the page keeps the previous list while it loads.
  loaderDeps: ({ search }) => ({ asOf: search.asOf, owner: search.owner }),
  loader: async ({ context, deps, cause }) => {
    if (cause !== 'enter') return;
    const me = context.queryClient.getQueryData<Me | null>(keys.me);
    const options = todayQueryOptions(deps.asOf ?? todayIso(), visibleOwner(me, deps.owner ?? 'me'));
    // A failure is the page's to show (its error state offers a retry), not the router's; no retries here,
    // the page's own query retries when it mounts.
    await context.queryClient.ensureInfiniteQueryData({ ...options, retry: false }).catch(() => undefined);
  },
  pendingMs: 200,
  pendingMinMs: 0,
  pendingComponent: () => <ListSkeleton label="Loading Today" />,
  // The landing screen is in the initial bundle: a lazy chunk would add a round trip before the list shows.
  component: TodayPage,
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  validateSearch: validateContactsSearch,
}).lazy(() => import('./routes/contacts/contacts-page').then((m) => m.contactsLazyRoute));

export const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$contactId',
}).lazy(() => import('./routes/contacts/contact-page').then((m) => m.contactLazyRoute));

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies',
  validateSearch: validateCompaniesSearch,
}).lazy(() => import('./routes/companies/companies-page').then((m) => m.companiesLazyRoute));

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/$companyId',
}).lazy(() => import('./routes/companies/company-page').then((m) => m.companyLazyRoute));

const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports',
}).lazy(() => import('./routes/imports/imports-page').then((m) => m.importsLazyRoute));

const tiersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/tiers',
}).lazy(() => import('./routes/tiers/tiers-page').then((m) => m.tiersLazyRoute));

const teamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/team',
}).lazy(() => import('./routes/team/team-page').then((m) => m.teamLazyRoute));

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/profile',
}).lazy(() => import('./routes/profile/profile-page').then((m) => m.profileLazyRoute));

const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/tokens',
}).lazy(() => import('./routes/tokens/tokens-page').then((m) => m.tokensLazyRoute));

const captureRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/capture',
}).lazy(() => import('./routes/calendar/calendar-page').then((m) => m.calendarLazyRoute));

const sequencesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sequences',
}).lazy(() => import('./routes/sequences/sequences-page').then((m) => m.sequencesLazyRoute));

const persistenceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/persistence',
}).lazy(() => import('./routes/persistence/persistence-page').then((m) => m.persistenceLazyRoute));

const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/outbox',
}).lazy(() => import('./routes/outbox/outbox-page').then((m) => m.outboxLazyRoute));

const templatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/templates',
}).lazy(() => import('./routes/templates/templates-page').then((m) => m.templatesLazyRoute));

const suggestionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/suggestions',
}).lazy(() => import('./routes/suggestions/suggestions-page').then((m) => m.suggestionsLazyRoute));

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/duplicates',
}).lazy(() => import('./routes/duplicates/duplicates-page').then((m) => m.duplicatesLazyRoute));

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/audit',
}).lazy(() => import('./routes/audit/audit-page').then((m) => m.auditLazyRoute));

// Pages opened from a link someone was given: signed out, their secret in the address's fragment.
const acceptInviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accept-invite',
}).lazy(() => import('./routes/links/accept-invite').then((m) => m.acceptInviteRoute));

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
}).lazy(() => import('./routes/links/reset-password').then((m) => m.resetPasswordRoute));

/** Any other address, signed in: the shell with a way home (signed out, sign-in comes first). */
const notFoundRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '$',
  component: NotFoundPage,
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  acceptInviteRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    todayRoute,
    contactsRoute,
    contactRoute,
    companiesRoute,
    companyRoute,
    duplicatesRoute,
    importsRoute,
    tiersRoute,
    teamRoute,
    profileRoute,
    tokensRoute,
    captureRoute,
    suggestionsRoute,
    templatesRoute,
    outboxRoute,
    persistenceRoute,
    sequencesRoute,
    auditRoute,
    notFoundRoute,
  ]),
]);

/** The app's router; screens still to come add a route here and a lazy file under routes/. */
export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: PageLoader,
    defaultErrorComponent: ({ error, reset }) => <RouteErrorState error={error} reset={reset} />,
    defaultNotFoundComponent: NotFoundPage,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
