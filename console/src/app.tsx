/**
 * The console's shell: the session (restored from its cookie on load), the navigation the person's roles allow,
 * and the current page. Pages a role cannot use are not offered; the hub refuses them anyway.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from './i18n';
import { currentPerson, onSessionChange, restore, signOut, type ConsoleRole, type Person } from './session';
import { navigate, useRoute, type Page } from './router';
import { SignInPage } from './pages/sign-in';
import { CataloguePage } from './pages/catalogue';
import { RequestsPage } from './pages/requests';
import { AdminPage } from './pages/admin';
import { Loading } from './components/states';

// GraphiQL (and its editor) and ECharts are large: loaded when their page opens, not with the sign-in form.
const QueryPage = lazy(() => import('./pages/query'));
const DashboardPage = lazy(() => import('./pages/dashboard').then((m) => ({ default: m.DashboardPage })));
const SupervisionPage = lazy(() =>
  import('./pages/supervision').then((m) => ({ default: m.SupervisionPage })),
);

/** Which roles see which page, in menu order. */
const MENU: { page: Page; label: MessageKey; roles: readonly ConsoleRole[] }[] = [
  {
    page: 'dashboard',
    label: 'nav.dashboard',
    roles: ['DASHBOARD', 'ADMIN', 'AUDITOR', 'DEPARTMENT_STAFF', 'REVIEWER'],
  },
  {
    page: 'catalogue',
    label: 'nav.catalogue',
    roles: ['ADMIN', 'AUDITOR', 'DEPARTMENT_STAFF', 'REVIEWER', 'DASHBOARD'],
  },
  { page: 'requests', label: 'nav.requests', roles: ['ADMIN', 'DEPARTMENT_STAFF', 'REVIEWER'] },
  { page: 'admin', label: 'nav.admin', roles: ['ADMIN'] },
  { page: 'supervision', label: 'nav.supervision', roles: ['AUDITOR', 'ADMIN'] },
  {
    page: 'query',
    label: 'nav.query',
    roles: ['ADMIN', 'AUDITOR', 'DEPARTMENT_STAFF', 'REVIEWER', 'DASHBOARD'],
  },
];

function allowedPages(person: Person): Page[] {
  return MENU.filter((m) => m.roles.some((r) => person.roles.includes(r))).map((m) => m.page);
}

export function App() {
  const [person, setPerson] = useState<Person | null>(currentPerson);
  const [restoring, setRestoring] = useState(true);
  useEffect(() => {
    const unsubscribe = onSessionChange(setPerson);
    void restore().finally(() => setRestoring(false));
    return unsubscribe;
  }, []);
  if (restoring) return <Loading />;
  if (!person) return <SignInPage />;
  return <Shell person={person} />;
}

function Shell({ person }: { person: Person }) {
  const { t, language, setLanguage } = useI18n();
  const route = useRoute();
  const pages = allowedPages(person);
  const page = route.page && pages.includes(route.page) ? route.page : pages[0];
  let content: ReactNode;
  switch (page) {
    case 'catalogue':
      content = <CataloguePage person={person} />;
      break;
    case 'requests':
      content = <RequestsPage person={person} tab={route.tab} />;
      break;
    case 'admin':
      content = <AdminPage tab={route.tab} />;
      break;
    case 'dashboard':
      content = <DashboardPage />;
      break;
    case 'supervision':
      content = <SupervisionPage />;
      break;
    case 'query':
      content = <QueryPage />;
      break;
    default:
      content = <p>{t('state.empty')}</p>;
  }
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.title')}</strong> <span>{t('app.subtitle')}</span>
        </div>
        <div className="who">
          <span className="person">
            {person.displayName}
            {person.departmentCode ? ` · ${person.departmentCode}` : ''} ·{' '}
            {person.roles.map((r) => t(`role.${r}` as MessageKey)).join('、')}
          </span>
          <button
            type="button"
            className="link"
            onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
          >
            {t('nav.language')}
          </button>
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav className="menu" aria-label={t('nav.main')}>
        {MENU.filter((m) => pages.includes(m.page)).map((m) => (
          <a
            key={m.page}
            href={`/console/${m.page}`}
            aria-current={m.page === page ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(m.page);
            }}
          >
            {t(m.label)}
          </a>
        ))}
      </nav>
      <main id="main" className="content">
        <Suspense fallback={<Loading />}>{content}</Suspense>
      </main>
    </div>
  );
}
