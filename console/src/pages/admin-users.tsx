/**
 * 控制台用户: the people who sign in to the console. An administrator creates them (department, roles, an initial
 * password of at least 12 characters, a reason) and disables them; their sessions end at once.
 */
import { useState } from 'react';
import { graphql } from '../gql';
import type { ConsoleRole } from '../gql/graphql';
import { useI18n, type MessageKey } from '../i18n';
import { useQuery } from '../use-query';
import { run, describe } from '../api';
import { Empty, Failed, Loading } from '../components/states';
import { LoadMore, DepartmentSelect, useSubmit, Problem, toggled } from '../components/forms';
import { ReasonDialog } from '../components/reason-dialog';
import { formatTime } from '../dates';

const ConsoleUsers = graphql(`
  query ConsoleUsers($department: ID, $after: String) {
    consoleUsers(departmentCode: $department, first: 100, after: $after) {
      nodes {
        username
        displayName
        department {
          code
          name
        }
        roles
        disabled
        lockedUntil
        lastSignInAt
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

const CreateConsoleUser = graphql(`
  mutation CreateConsoleUser($input: CreateConsoleUserInput!) {
    createConsoleUser(input: $input) {
      username
      roles
      department {
        code
      }
      disabled
    }
  }
`);

const DisableConsoleUser = graphql(`
  mutation DisableConsoleUser($username: ID!, $reason: String!) {
    disableConsoleUser(username: $username, reason: $reason) {
      username
      disabled
    }
  }
`);

const ROLES: ConsoleRole[] = ['ADMIN', 'AUDITOR', 'DEPARTMENT_STAFF', 'REVIEWER', 'DASHBOARD'];

export function UsersAdmin() {
  const { t, language } = useI18n();
  const [department, setDepartment] = useState('');
  const [after, setAfter] = useState<string | null>(null);
  const list = useQuery(ConsoleUsers, { department: department || null, after });
  const [creating, setCreating] = useState(false);
  const [disabling, setDisabling] = useState<string | null>(null);
  const users = list.answer?.data?.consoleUsers?.nodes ?? [];
  const departments = list.answer?.data?.departments?.nodes ?? [];
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users')}</h2>
      <div className="filters">
        <DepartmentSelect
          label={t('users.department')}
          departments={departments}
          value={department}
          onChange={(code) => (setDepartment(code), setAfter(null))}
          emptyLabel={t('catalogue.all')}
        />
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {t('users.new')}
        </button>
      </div>
      {creating && (
        <NewUserForm
          departments={departments.map((d) => ({ code: d.code ?? '', name: d.name ?? '' }))}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      {list.loading && <Loading />}
      {list.failure && <Failed failure={list.failure} retry={list.reload} />}
      {list.answer && !users.length && <Empty />}
      {users.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('signIn.username')}</th>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.department')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.lastSignIn')}</th>
              <th scope="col">{t('grants.state')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.username} data-username={u.username}>
                <td>
                  <code>{u.username}</code>
                </td>
                <td>{u.displayName}</td>
                <td>{u.department?.name ?? '—'}</td>
                <td>{u.roles.map((r) => t(`role.${r}` as MessageKey)).join('、')}</td>
                <td>{formatTime(u.lastSignInAt, language)}</td>
                <td>
                  {u.disabled ? (
                    <span className="hint">{t('users.disabled')}</span>
                  ) : (
                    <>
                      {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
                        <span className="badge overdue">{t('users.locked')}</span>
                      )}{' '}
                      <button type="button" className="secondary" onClick={() => setDisabling(u.username)}>
                        {t('users.disable')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pageInfo={list.answer?.data?.consoleUsers?.pageInfo} onMore={setAfter} />
      {disabling && (
        <ReasonDialog
          title={t('users.disableTitle', { username: disabling })}
          consequence={<p>{t('users.disableConsequence')}</p>}
          confirmLabel={t('users.disable')}
          onClose={() => setDisabling(null)}
          onConfirm={async (reason) => {
            const answer = await run(DisableConsoleUser, { username: disabling, reason });
            if (!answer.data?.disableConsoleUser) return describe(answer.errors);
            list.reload();
            return null;
          }}
        />
      )}
    </section>
  );
}

function NewUserForm({
  departments,
  onCreated,
}: {
  departments: { code: string; name: string }[];
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [departmentCode, setDepartmentCode] = useState('');
  const [roles, setRoles] = useState<Set<ConsoleRole>>(new Set());
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const {
    busy,
    problem,
    submit: send,
  } = useSubmit(
    () =>
      run(CreateConsoleUser, {
        input: {
          username: username.trim(),
          displayName: displayName.trim(),
          departmentCode: departmentCode || null,
          roles: [...roles],
          password,
          reason: reason.trim(),
        },
      }),
    () => onCreated(),
  );

  const submit = send;

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-user-title">
      <h3 id="new-user-title">{t('users.new')}</h3>
      <div className="row">
        <label>
          {t('signIn.username')}
          <input
            required
            maxLength={64}
            pattern="[a-z0-9][a-z0-9._\-]{2,63}"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('users.name')}
          <input
            required
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <DepartmentSelect
          label={t('users.department')}
          departments={departments}
          value={departmentCode}
          onChange={(code) => setDepartmentCode(code)}
        />
      </div>
      <fieldset className="inline">
        <legend>{t('users.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={roles.has(r)} onChange={() => setRoles(toggled(roles, r))} />
            {t(`role.${r}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          {t('users.initialPassword')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            maxLength={256}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="grow">
          {t('admin.reason')}
          <input required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <Problem text={problem} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('users.create')}
        </button>
      </div>
    </form>
  );
}
