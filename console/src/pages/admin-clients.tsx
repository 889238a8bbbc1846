/**
 * 应用管理: the client apps that call the hub. Filter by department and status, search by id or name (retired
 * clients pile up); register one (its secret is shown once, here, and never again), set its quota, disable it.
 * Every change asks for a reason and lands in the change log.
 */
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../gql';
import type { ClientStatus, Role } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useQuery } from '../use-query';
import { run, describe } from '../api';
import { Empty, Failed, Loading } from '../components/states';
import { LoadMore, DepartmentSelect, useSubmit, Problem } from '../components/forms';
import { ReasonDialog } from '../components/reason-dialog';
import { formatTime } from '../dates';

const ClientList = graphql(`
  query ClientList($department: ID, $status: ClientStatus, $search: String, $after: String) {
    clients(departmentCode: $department, status: $status, search: $search, first: 50, after: $after) {
      nodes {
        clientId
        name
        role
        department {
          code
          name
        }
        createdAt
        createdBy
        disabledAt
        disabledReason
        rateLimitPerMinute
        maxConcurrentRequests
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    departments(first: 500) {
      nodes {
        code
        name
      }
    }
  }
`);

const RegisterClient = graphql(`
  mutation RegisterClient($input: RegisterClientInput!) {
    registerClient(input: $input) {
      client {
        clientId
      }
      clientSecret
    }
  }
`);

const DisableClient = graphql(`
  mutation DisableClient($clientId: ID!, $reason: String!) {
    disableClient(clientId: $clientId, reason: $reason) {
      clientId
      disabledAt
    }
  }
`);

const SetClientQuota = graphql(`
  mutation SetClientQuota(
    $clientId: ID!
    $requestsPerMinute: Int
    $maxConcurrentRequests: Int
    $reason: String!
  ) {
    setClientQuota(
      clientId: $clientId
      requestsPerMinute: $requestsPerMinute
      maxConcurrentRequests: $maxConcurrentRequests
      reason: $reason
    ) {
      clientId
      rateLimitPerMinute
      maxConcurrentRequests
    }
  }
`);

/** `value`, once it has stopped changing for `ms`: one query per pause in typing, not per key. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function ClientsAdmin() {
  const { t, language } = useI18n();
  const [department, setDepartment] = useState('');
  const [status, setStatus] = useState<ClientStatus | ''>('ACTIVE');
  const [search, setSearch] = useState('');
  const settledSearch = useSettled(search.trim());
  const [after, setAfter] = useState<string | null>(null);
  const list = useQuery(ClientList, {
    department: department || null,
    status: status || null,
    search: settledSearch || null,
    after,
  });
  const [registering, setRegistering] = useState(false);
  const [secret, setSecret] = useState<{ clientId: string; secret: string } | null>(null);
  const [disabling, setDisabling] = useState<string | null>(null);
  const [quota, setQuota] = useState<{ clientId: string; rpm: string; concurrent: string } | null>(null);
  const clients = list.answer?.data?.clients?.nodes ?? [];
  const departments = list.answer?.data?.departments?.nodes ?? [];
  const refilter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setAfter(null);
    };

  return (
    <section aria-labelledby="clients-title">
      <h2 id="clients-title">{t('admin.clients')}</h2>
      <div className="filters">
        <label>
          {t('clients.search')}
          <input
            type="search"
            maxLength={64}
            value={search}
            onChange={(e) => refilter(setSearch)(e.target.value)}
          />
        </label>
        <DepartmentSelect
          label={t('users.department')}
          departments={departments}
          value={department}
          onChange={(code) => refilter(setDepartment)(code)}
          emptyLabel={t('catalogue.all')}
        />
        <label>
          {t('requests.status')}
          <select
            aria-label={t('requests.status')}
            value={status}
            onChange={(e) => refilter(setStatus)(e.target.value as ClientStatus | '')}
          >
            <option value="">{t('catalogue.all')}</option>
            <option value="ACTIVE">{t('clients.ACTIVE')}</option>
            <option value="DISABLED">{t('clients.DISABLED')}</option>
          </select>
        </label>
        <button type="button" onClick={() => setRegistering(!registering)} aria-expanded={registering}>
          {t('clients.register')}
        </button>
      </div>
      {registering && (
        <RegisterForm
          departments={departments.map((d) => ({ code: d.code ?? '', name: d.name ?? '' }))}
          onRegistered={(clientId, clientSecret) => {
            setRegistering(false);
            setSecret({ clientId, secret: clientSecret });
            list.reload();
          }}
        />
      )}
      {list.loading && <Loading />}
      {list.failure && <Failed failure={list.failure} retry={list.reload} />}
      {list.answer && !clients.length && <Empty>{t('clients.none')}</Empty>}
      {clients.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('clients.id')}</th>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('clients.role')}</th>
              <th scope="col">{t('users.department')}</th>
              <th scope="col">{t('clients.quota')}</th>
              <th scope="col">{t('grants.state')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.clientId} data-client={c.clientId}>
                <td>
                  <code>{c.clientId}</code>
                  <div className="hint">
                    {formatTime(c.createdAt, language)} · {c.createdBy}
                  </div>
                </td>
                <td>{c.name}</td>
                <td>{c.role}</td>
                <td>{c.department?.name ?? '—'}</td>
                <td>
                  {t('clients.quotaValue', {
                    rpm: c.rateLimitPerMinute ?? t('clients.default'),
                    concurrent: c.maxConcurrentRequests ?? t('clients.default'),
                  })}
                  {!c.disabledAt && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          setQuota({
                            clientId: c.clientId,
                            rpm: c.rateLimitPerMinute?.toString() ?? '',
                            concurrent: c.maxConcurrentRequests?.toString() ?? '',
                          })
                        }
                      >
                        {t('clients.setQuota')}
                      </button>
                    </>
                  )}
                </td>
                <td>
                  {c.disabledAt ? (
                    <span className="hint">
                      {t('users.disabled')} · {formatTime(c.disabledAt, language)} · {c.disabledReason}
                    </span>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setDisabling(c.clientId)}>
                      {t('users.disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pageInfo={list.answer?.data?.clients?.pageInfo} onMore={setAfter} />
      {secret && <SecretDialog {...secret} onClose={() => setSecret(null)} />}
      {disabling && (
        <ReasonDialog
          title={t('clients.disableTitle', { clientId: disabling })}
          consequence={<p>{t('clients.disableConsequence')}</p>}
          confirmLabel={t('users.disable')}
          onClose={() => setDisabling(null)}
          onConfirm={async (reason) => {
            const answer = await run(DisableClient, { clientId: disabling, reason });
            if (!answer.data?.disableClient) return describe(answer.errors);
            list.reload();
            return null;
          }}
        />
      )}
      {quota && (
        <ReasonDialog
          title={t('clients.quotaTitle', { clientId: quota.clientId })}
          consequence={
            <div className="row">
              <label>
                {t('clients.rpm')}
                <input
                  type="number"
                  min={1}
                  max={1000000}
                  value={quota.rpm}
                  onChange={(e) => setQuota({ ...quota, rpm: e.target.value })}
                />
              </label>
              <label>
                {t('clients.concurrent')}
                <input
                  type="number"
                  min={1}
                  max={10000}
                  value={quota.concurrent}
                  onChange={(e) => setQuota({ ...quota, concurrent: e.target.value })}
                />
              </label>
              <p className="hint">{t('clients.quotaHelp')}</p>
            </div>
          }
          confirmLabel={t('clients.setQuota')}
          onClose={() => setQuota(null)}
          onConfirm={async (reason) => {
            const answer = await run(SetClientQuota, {
              clientId: quota.clientId,
              requestsPerMinute: quota.rpm ? Number(quota.rpm) : null,
              maxConcurrentRequests: quota.concurrent ? Number(quota.concurrent) : null,
              reason,
            });
            if (!answer.data?.setClientQuota) return describe(answer.errors);
            list.reload();
            return null;
          }}
        />
      )}
    </section>
  );
}

function RegisterForm({
  departments,
  onRegistered,
}: {
  departments: { code: string; name: string }[];
  onRegistered: (clientId: string, secret: string) => void;
}) {
  const { t } = useI18n();
  const [clientId, setClientId] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('DEPARTMENT');
  const [departmentCode, setDepartmentCode] = useState('');
  const [reason, setReason] = useState('');
  const {
    busy,
    problem,
    submit: send,
  } = useSubmit(
    () =>
      run(RegisterClient, {
        input: {
          clientId: clientId.trim(),
          name: name.trim(),
          role,
          departmentCode: role === 'DEPARTMENT' ? departmentCode : null,
          reason: reason.trim(),
        },
      }),
    (data) => onRegistered(data.registerClient!.client.clientId, data.registerClient!.clientSecret),
  );
  const submit = send;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="register-title">
      <h3 id="register-title">{t('clients.register')}</h3>
      <div className="row">
        <label>
          {t('clients.id')}
          <input
            required
            maxLength={64}
            pattern="[a-z0-9][a-z0-9._\-]{2,63}"
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
          />
        </label>
        <label>
          {t('users.name')}
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('clients.role')}
          <select
            aria-label={t('clients.role')}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            <option value="DEPARTMENT">DEPARTMENT</option>
            <option value="ADMIN">ADMIN</option>
            <option value="AUDITOR">AUDITOR</option>
          </select>
        </label>
        {role === 'DEPARTMENT' && (
          <DepartmentSelect
            label={t('users.department')}
            departments={departments}
            value={departmentCode}
            onChange={(code) => setDepartmentCode(code)}
            required
          />
        )}
      </div>
      <label>
        {t('admin.reason')}
        <input required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <Problem text={problem} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('clients.register')}
        </button>
      </div>
    </form>
  );
}

/** The new client's secret, shown this once: the hub keeps only its hash. */
function SecretDialog({
  clientId,
  secret,
  onClose,
}: {
  clientId: string;
  secret: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="secret-title" onClose={onClose}>
      <form method="dialog">
        <h2 id="secret-title">{t('clients.secretTitle', { clientId })}</h2>
        <p className="state error">{t('clients.secretOnce')}</p>
        <label>
          client_secret
          <input readOnly value={secret} data-secret onFocus={(e) => e.target.select()} />
        </label>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(secret)}
          >
            {t('clients.copy')}
          </button>
          <button type="submit">{t('clients.saved')}</button>
        </div>
      </form>
    </dialog>
  );
}
