/**
 * 授权管理: grants of CONDITIONAL items to a department (or one of its apps), with district scope, clear or masked
 * sensitive items, and expiry; creating and revoking each asks for a reason that the change log keeps.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { useQuery } from '../use-query';
import { run, describe } from '../api';
import { Empty, Failed, Loading } from '../components/states';
import { LoadMore, DepartmentSelect, useSubmit, Problem, toggled } from '../components/forms';
import { ReasonDialog } from '../components/reason-dialog';
import { formatTime } from '../dates';
import { dayStart } from './request-access';

const GrantList = graphql(`
  query GrantList($consumer: ID, $resource: ID, $activeOnly: Boolean, $after: String) {
    grants(
      consumerDepartmentCode: $consumer
      resourceCode: $resource
      activeOnly: $activeOnly
      first: 50
      after: $after
    ) {
      nodes {
        id
        consumerDepartment {
          code
          name
        }
        consumerClientId
        resource {
          code
          name
        }
        items
        purpose
        districtScope
        clearSensitive
        validFrom
        validUntil
        createdBy
        active
        endedAt
        endedBy
        endReason
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const GrantChoices = graphql(`
  query GrantChoices {
    departments(first: 500) {
      nodes {
        code
        name
      }
    }
    regions {
      code
      name
      kind
    }
    directory {
      code
      name
      items {
        coordinate
        name
        shareType
        sensitivity
      }
    }
  }
`);

const CreateGrant = graphql(`
  mutation CreateGrant($input: CreateGrantInput!) {
    createGrant(input: $input) {
      id
    }
  }
`);

const RevokeGrant = graphql(`
  mutation RevokeGrant($id: ID!, $reason: String!) {
    revokeGrant(id: $id, reason: $reason) {
      id
      active
    }
  }
`);

export function GrantsAdmin() {
  const { t, language } = useI18n();
  const [consumer, setConsumer] = useState('');
  const [resource, setResource] = useState('');
  const [activeOnly, setActiveOnly] = useState(true);
  const [after, setAfter] = useState<string | null>(null);
  const list = useQuery(GrantList, {
    consumer: consumer || null,
    resource: resource || null,
    activeOnly,
    after,
  });
  const choices = useQuery(GrantChoices, {});
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  const departments = choices.answer?.data?.departments?.nodes ?? [];
  const resources = (choices.answer?.data?.directory ?? []).filter((r) =>
    r.items.some((i) => i.shareType === 'CONDITIONAL'),
  );
  const grants = list.answer?.data?.grants?.nodes ?? [];

  return (
    <section aria-labelledby="grants-title">
      <h2 id="grants-title">{t('admin.grants')}</h2>
      <div className="filters">
        <DepartmentSelect
          label={t('grants.consumer')}
          departments={departments}
          value={consumer}
          onChange={(code) => (setConsumer(code), setAfter(null))}
          emptyLabel={t('catalogue.all')}
        />
        <label>
          {t('catalogue.resource')}
          <select
            aria-label={t('catalogue.resource')}
            value={resource}
            onChange={(e) => (setResource(e.target.value), setAfter(null))}
          >
            <option value="">{t('catalogue.all')}</option>
            {resources.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={activeOnly}
            onChange={(e) => (setActiveOnly(e.target.checked), setAfter(null))}
          />
          {t('grants.activeOnly')}
        </label>
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {t('grants.new')}
        </button>
      </div>
      {creating && choices.answer && (
        <NewGrantForm
          departments={departments.map((d) => ({ code: d.code ?? '', name: d.name ?? '' }))}
          resources={resources}
          districts={(choices.answer.data?.regions ?? [])
            .filter((r) => r.kind !== 'CITY')
            .map((r) => ({ code: r.code ?? '', name: r.name ?? '' }))}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      {list.loading && <Loading />}
      {list.failure && <Failed failure={list.failure} retry={list.reload} />}
      {list.answer && grants.length === 0 && <Empty />}
      {grants.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('grants.consumer')}</th>
              <th scope="col">{t('catalogue.resource')}</th>
              <th scope="col">{t('catalogue.items')}</th>
              <th scope="col">{t('catalogue.scope')}</th>
              <th scope="col">{t('grants.sensitive')}</th>
              <th scope="col">{t('grants.validity')}</th>
              <th scope="col">{t('grants.state')}</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.id} data-grant={g.id}>
                <td>{g.id}</td>
                <td>
                  {g.consumerDepartment?.name}
                  {g.consumerClientId && <div className="hint">{g.consumerClientId}</div>}
                </td>
                <td>
                  {g.resource?.name} <div className="hint">{g.purpose}</div>
                </td>
                <td>
                  <code>{g.items.join(', ')}</code>
                </td>
                <td>{g.districtScope?.join(', ') ?? t('catalogue.allDistricts')}</td>
                <td>{t(g.clearSensitive ? 'grants.clear' : 'grants.masked')}</td>
                <td>
                  {formatTime(g.validFrom, language)} –{' '}
                  {g.validUntil ? formatTime(g.validUntil, language) : '∞'}
                </td>
                <td>
                  {g.active ? (
                    <button type="button" className="secondary" onClick={() => setRevoking(g.id)}>
                      {t('grants.revoke')}
                    </button>
                  ) : (
                    <span className="hint">
                      {t('grants.ended')} {g.endedBy ? `· ${g.endedBy}` : ''} {g.endReason ?? ''}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pageInfo={list.answer?.data?.grants?.pageInfo} onMore={setAfter} />
      {revoking && (
        <ReasonDialog
          title={t('grants.revokeTitle', { id: revoking })}
          confirmLabel={t('grants.revoke')}
          onClose={() => setRevoking(null)}
          onConfirm={async (reason) => {
            const answer = await run(RevokeGrant, { id: revoking, reason });
            if (!answer.data?.revokeGrant) return describe(answer.errors);
            list.reload();
            return null;
          }}
        />
      )}
    </section>
  );
}

interface ResourceChoice {
  code: string;
  name: string;
  items: readonly { coordinate: string; name: string; shareType: string; sensitivity: string }[];
}

function NewGrantForm({
  departments,
  resources,
  districts,
  onCreated,
}: {
  departments: { code: string; name: string }[];
  resources: readonly ResourceChoice[];
  districts: { code: string; name: string }[];
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [consumer, setConsumer] = useState('');
  const [clientId, setClientId] = useState('');
  const [resourceCode, setResourceCode] = useState('');
  const [items, setItems] = useState<Set<string>>(new Set());
  const [purpose, setPurpose] = useState('');
  const [scope, setScope] = useState<Set<string>>(new Set());
  const [clear, setClear] = useState(false);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const {
    busy,
    problem,
    setProblem,
    submit: send,
  } = useSubmit(
    () =>
      run(CreateGrant, {
        input: {
          consumerDepartmentCode: consumer,
          consumerClientId: clientId.trim() || null,
          resourceCode,
          items: [...items],
          purpose: purpose.trim(),
          districtScope: scope.size ? [...scope] : null,
          clearSensitive: clear,
          validUntil: dayStart(until),
          reason: reason.trim(),
        },
      }),
    () => onCreated(),
  );
  const resource = useMemo(() => resources.find((r) => r.code === resourceCode), [resources, resourceCode]);
  const conditional = resource?.items.filter((i) => i.shareType === 'CONDITIONAL') ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!items.size) return setProblem(t('request.needItems'));
    void send();
  }

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-grant-title">
      <h3 id="new-grant-title">{t('grants.new')}</h3>
      <div className="row">
        <DepartmentSelect
          label={t('grants.consumer')}
          departments={departments}
          value={consumer}
          onChange={(code) => setConsumer(code)}
          required
        />
        <label>
          {t('grants.clientOptional')}
          <input maxLength={64} value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </label>
        <label>
          {t('catalogue.resource')}
          <select
            aria-label={t('catalogue.resource')}
            required
            value={resourceCode}
            onChange={(e) => {
              setResourceCode(e.target.value);
              setItems(new Set());
            }}
          >
            <option value="">—</option>
            {resources.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {resource && (
        <fieldset>
          <legend>{t('grants.itemsConditional')}</legend>
          <div className="check-grid wide">
            {conditional.map((i) => (
              <label key={i.coordinate} className="check">
                <input
                  type="checkbox"
                  checked={items.has(i.coordinate)}
                  onChange={() => setItems(toggled(items, i.coordinate))}
                />
                {i.name} <code>{i.coordinate}</code>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label>
        {t('request.purpose')}
        <input required maxLength={500} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('request.districts')}</legend>
        <div className="check-grid">
          {districts.map((d) => (
            <label key={d.code} className="check">
              <input
                type="checkbox"
                checked={scope.has(d.code)}
                onChange={() => setScope(toggled(scope, d.code))}
              />
              {d.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="inline">
        <legend>{t('grants.sensitive')}</legend>
        <label className="check">
          <input type="radio" name="clear" checked={!clear} onChange={() => setClear(false)} />
          {t('grants.masked')}
        </label>
        <label className="check">
          <input type="radio" name="clear" checked={clear} onChange={() => setClear(true)} />
          {t('grants.clear')}
        </label>
      </fieldset>
      <div className="row">
        <label>
          {t('grants.until')}
          <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <label className="grow">
          {t('admin.reason')}
          <input required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <Problem text={problem} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('grants.create')}
        </button>
      </div>
    </form>
  );
}
