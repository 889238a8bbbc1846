/**
 * 目录管理: reclassify a catalogue item (share type, sensitivity). Before confirming, the dialog shows what the change
 * does: the active grants that would end, by department. The change asks for a reason and lands in the change log.
 */
import { useState } from 'react';
import { graphql } from '../gql';
import type { Sensitivity, ShareType } from '../gql/graphql';
import { useI18n, type MessageKey } from '../i18n';
import { useQuery } from '../use-query';
import { run, describe } from '../api';
import { Failed, Loading } from '../components/states';
import { ReasonDialog } from '../components/reason-dialog';

const CatalogueAdmin = graphql(`
  query CatalogueAdmin {
    directory {
      code
      name
      provider {
        name
      }
      items {
        coordinate
        name
        shareType
        sensitivity
      }
    }
  }
`);

const ItemImpact = graphql(`
  query ItemImpact($coordinate: ID!, $shareType: ShareType) {
    catalogueItemImpact(coordinate: $coordinate, shareType: $shareType) {
      grantsEndingCount
      grantsEnding {
        id
        consumerDepartment {
          name
        }
        consumerClientId
        purpose
      }
    }
  }
`);

const UpdateCatalogueItem = graphql(`
  mutation UpdateCatalogueItem($input: UpdateCatalogueItemInput!) {
    updateCatalogueItem(input: $input) {
      coordinate
      shareType
      sensitivity
    }
  }
`);

const SHARE_TYPES: ShareType[] = ['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'];
const SENSITIVITIES: Sensitivity[] = ['PLAIN', 'PERSON_NAME', 'ID_NUMBER', 'PHONE', 'ADDRESS'];

interface Editing {
  coordinate: string;
  name: string;
  shareType: ShareType;
  sensitivity: Sensitivity;
  was: { shareType: ShareType; sensitivity: Sensitivity };
}

export function CatalogueItemsAdmin() {
  const { t } = useI18n();
  const catalogue = useQuery(CatalogueAdmin, {});
  const resources = catalogue.answer?.data?.directory ?? [];
  const [resource, setResource] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const shown = resources.find((r) => r.code === resource) ?? resources[0];

  if (catalogue.loading) return <Loading />;
  if (catalogue.failure) return <Failed failure={catalogue.failure} retry={catalogue.reload} />;
  return (
    <section aria-labelledby="items-title">
      <h2 id="items-title">{t('admin.catalogue')}</h2>
      <div className="filters">
        <label>
          {t('catalogue.resource')}
          <select
            aria-label={t('catalogue.resource')}
            value={shown?.code ?? ''}
            onChange={(e) => setResource(e.target.value)}
          >
            {resources.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.item')}</th>
              <th scope="col">{t('catalogue.coordinate')}</th>
              <th scope="col">{t('catalogue.shareType')}</th>
              <th scope="col">{t('catalogue.sensitivity')}</th>
              <th scope="col">{t('grants.state')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((i) => (
              <tr key={i.coordinate} data-coordinate={i.coordinate}>
                <td>{i.name}</td>
                <td>
                  <code>{i.coordinate}</code>
                </td>
                <td>{t(`share.${i.shareType}`)}</td>
                <td>{t(`sensitivity.${i.sensitivity}` as MessageKey)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      setEditing({
                        coordinate: i.coordinate,
                        name: i.name,
                        shareType: i.shareType,
                        sensitivity: i.sensitivity,
                        was: { shareType: i.shareType, sensitivity: i.sensitivity },
                      })
                    }
                  >
                    {t('items.reclassify')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <ReasonDialog
          title={t('items.reclassifyTitle', { item: editing.name })}
          consequence={<ReclassifyFields editing={editing} onChange={setEditing} />}
          confirmLabel={t('items.reclassify')}
          onClose={() => setEditing(null)}
          onConfirm={async (reason) => {
            const answer = await run(UpdateCatalogueItem, {
              input: {
                coordinate: editing.coordinate,
                shareType: editing.shareType,
                sensitivity: editing.sensitivity,
                reason,
              },
            });
            if (!answer.data?.updateCatalogueItem) return describe(answer.errors);
            catalogue.reload();
            return null;
          }}
        />
      )}
    </section>
  );
}

/** The new classification, and what it would do: the grants that would end. */
function ReclassifyFields({ editing, onChange }: { editing: Editing; onChange: (e: Editing) => void }) {
  const { t } = useI18n();
  const impact = useQuery(ItemImpact, { coordinate: editing.coordinate, shareType: editing.shareType });
  const result = impact.answer?.data?.catalogueItemImpact;
  return (
    <>
      <p>
        <code>{editing.coordinate}</code> · {t(`share.${editing.was.shareType}`)} ·{' '}
        {t(`sensitivity.${editing.was.sensitivity}` as MessageKey)}
      </p>
      <div className="row">
        <label>
          {t('catalogue.shareType')}
          <select
            aria-label={t('catalogue.shareType')}
            value={editing.shareType}
            onChange={(e) => onChange({ ...editing, shareType: e.target.value as ShareType })}
          >
            {SHARE_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`share.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('catalogue.sensitivity')}
          <select
            aria-label={t('catalogue.sensitivity')}
            value={editing.sensitivity}
            onChange={(e) => onChange({ ...editing, sensitivity: e.target.value as Sensitivity })}
          >
            {SENSITIVITIES.map((s) => (
              <option key={s} value={s}>
                {t(`sensitivity.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="impact" role="status" aria-live="polite" data-impact={result?.grantsEndingCount ?? ''}>
        {impact.loading && <Loading />}
        {result && result.grantsEndingCount === 0 && <p>{t('items.noGrantEnds')}</p>}
        {result && result.grantsEndingCount > 0 && (
          <>
            <p className="state error">{t('items.grantsEnd', { count: result.grantsEndingCount })}</p>
            <ul>
              {result.grantsEnding.map((g) => (
                <li key={g.id}>
                  #{g.id} {g.consumerDepartment?.name ?? ''} {g.consumerClientId ?? ''} — {g.purpose}
                </li>
              ))}
            </ul>
          </>
        )}
        {editing.sensitivity !== editing.was.sensitivity && editing.sensitivity !== 'PLAIN' && (
          <p className="hint">{t('items.maskedNow')}</p>
        )}
      </div>
    </>
  );
}
