/** 系统管理: grants, client apps, catalogue items and console users, one tab each. */
import { useI18n, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { GrantsAdmin } from './admin-grants';
import { UsersAdmin } from './admin-users';
import { ClientsAdmin } from './admin-clients';
import { CatalogueItemsAdmin } from './admin-catalogue';

const TABS: { tab: string; label: MessageKey }[] = [
  { tab: 'grants', label: 'admin.grants' },
  { tab: 'clients', label: 'admin.clients' },
  { tab: 'catalogue', label: 'admin.catalogue' },
  { tab: 'users', label: 'admin.users' },
];

export function AdminPage({ tab }: { tab: string | null }) {
  const { t } = useI18n();
  const current = TABS.some((x) => x.tab === tab) ? tab! : 'grants';
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('nav.admin')}</h1>
      <div className="tabs" role="tablist" aria-label={t('nav.admin')}>
        {TABS.map((x) => (
          <button
            key={x.tab}
            type="button"
            role="tab"
            aria-selected={current === x.tab}
            className={current === x.tab ? 'tab active' : 'tab'}
            onClick={() => navigate('admin', x.tab)}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      {current === 'grants' && <GrantsAdmin />}
      {current === 'clients' && <ClientsAdmin />}
      {current === 'catalogue' && <CatalogueItemsAdmin />}
      {current === 'users' && <UsersAdmin />}
    </section>
  );
}
