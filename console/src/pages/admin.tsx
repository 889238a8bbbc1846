/** 系统管理: grants, client apps, catalogue items and console users, one tab each. */
import { TabBar } from '../components/forms';
import { useI18n, type MessageKey } from '../i18n';
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
      <TabBar
        page="admin"
        label={t('nav.admin')}
        tabs={TABS.map((x) => ({ tab: x.tab, label: t(x.label) }))}
        current={current}
      />
      {current === 'grants' && <GrantsAdmin />}
      {current === 'clients' && <ClientsAdmin />}
      {current === 'catalogue' && <CatalogueItemsAdmin />}
      {current === 'users' && <UsersAdmin />}
    </section>
  );
}
