/**
 * The console's pages live under /console/<page>[/<tab>]: real URLs (bookmarks, reloads and the back button work),
 * and the hub answers every such path with the console's index.html.
 */
import { useEffect, useState } from 'react';

export const BASE = '/console/';

export type Page = 'dashboard' | 'catalogue' | 'requests' | 'admin' | 'supervision' | 'query';
export const PAGES: readonly Page[] = ['dashboard', 'catalogue', 'requests', 'admin', 'supervision', 'query'];

export interface Route {
  page: Page | null;
  tab: string | null;
}

function parse(pathname: string): Route {
  const [page, tab] = pathname.startsWith(BASE) ? pathname.slice(BASE.length).split('/') : [];
  return {
    page: (PAGES as readonly string[]).includes(page ?? '') ? (page as Page) : null,
    tab: tab || null,
  };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** Goes to a page of the console without reloading it; `search` is the query string (`?query=...`), if any. */
export function navigate(page: Page, tab?: string, search = ''): void {
  const url = `${BASE}${page}${tab ? `/${tab}` : ''}${search}`;
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

/** The current route, updated on navigation and on the back button. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parse(location.pathname));
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return route;
}
