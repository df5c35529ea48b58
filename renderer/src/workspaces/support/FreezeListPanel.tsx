import { useEffect, useEffectEvent, useState } from 'react';
import { Alert, Card, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import type { FreezeRow } from '../../../../electron/contract/support-freezes';
import { useStation } from '../../shell/station-context';
import { useScanSearch, type ScanSearchRun } from '../../shell/use-scan-search';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';
import { UnitDrawer } from './UnitDrawer';

type Filter = 'active' | 'lifted' | 'all';
type Listing = CallOutput<'support.freezes'>;

const UNIT_COLOR: Record<FreezeRow['unit'], string> = {
  frozen: 'red',
  awaiting_freeze: 'orange',
  unfrozen: 'green',
  awaiting_unfreeze: 'orange',
  never_frozen: 'default',
};
const HUB_COLOR: Record<NonNullable<FreezeRow['hub']>, string> = {
  sending: 'orange',
  agrees: 'green',
  differs: 'red',
  unknown: 'default',
};

/**
 * 冻结清单: every freeze, in force and lifted — who froze and lifted it and when, whether the unit
 * itself has taken it and whether the hub has it, a page of the station's at a time with the totals.
 * Typing filters; a scan (ending with Enter) finding one unit by a whole serial opens its unit page;
 * a row click opens it too.
 */
export function FreezeListPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [filter, setFilter] = useState<Filter>('all');
  const [listing, setListing] = useState<Listing | null>(null);
  const [loading, setLoading] = useState(false);
  const [unitPage, setUnitPage] = useState<string | null>(null);

  const load = async (q: string, f: Filter, offset: number, run: ScanSearchRun) => {
    setLoading(true);
    try {
      const found = await client.call('support.freezes', {
        status: f,
        offset,
        ...(q.trim() ? { serial: q.trim() } : {}),
      });
      if (!run.isLatest()) return;
      setListing(found);
      const serials = new Set(found.freezes.map((r) => r.serial));
      if (run.entered && serials.size === 1 && q.trim().length >= 6) setUnitPage([...serials][0]!);
    } catch (error) {
      if (run.isLatest()) showError(error);
    } finally {
      if (run.isLatest()) setLoading(false);
    }
  };
  const { inputRef, query, change, enter, ticket, focus } = useScanSearch(
    (q, run) => void load(q, filter, 0, run),
  );
  /** Reads the list again from the station: a filter switched, a page turned, a unit page closed. */
  const reload = (f: Filter, offset: number) =>
    void load(query, f, offset, { entered: false, isLatest: ticket() });

  const report = useEffectEvent(showError);
  useEffect(() => {
    const isLatest = ticket();
    client
      .call('support.freezes', { status: 'all', offset: 0 })
      .then((found) => isLatest() && setListing(found), report);
    focus();
  }, [client, ticket, focus]);

  const rows = listing?.freezes ?? [];
  const enrolled = listing?.enrolled ?? false;
  const who = (name: string, atHub: boolean) => {
    // The demo desk and a freeze found only in the registry have names of their own in each language.
    const person = atHub ? name : t(`support.actor.${name}`, { defaultValue: name });
    return atHub ? `${person} ${t('support.freezeList.atHub')}` : person;
  };

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('support.freezeList.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          ref={inputRef}
          style={{ width: 420 }}
          placeholder={t('support.freezeList.scanPlaceholder')}
          enterButton={t('support.freezeList.search')}
          value={query}
          allowClear
          data-testid="freeze-list-scan"
          onChange={(e) => change(e.target.value)}
          // Clearing the field is an edit (onChange filters), not a search.
          onSearch={(_q, _e, info) => info?.source !== 'clear' && enter()}
        />
        <Segmented<Filter>
          value={filter}
          data-testid="freeze-list-filter"
          options={(['active', 'lifted', 'all'] as const).map((f) => ({
            value: f,
            label: t(`support.freezeList.filter.${f}`),
          }))}
          onChange={(f) => {
            setFilter(f);
            reload(f, 0);
          }}
        />
      </Space>
      {listing && !enrolled && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('support.freezeList.standalone')} />
      )}
      {listing !== null && listing.total > 0 && (
        <Typography.Paragraph data-testid="freeze-list-summary">
          {t('support.freezeList.summary', {
            from: listing.offset + 1,
            to: listing.offset + rows.length,
            total: listing.total,
            active: listing.active,
            lifted: listing.lifted,
          })}
        </Typography.Paragraph>
      )}
      <Table<FreezeRow>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        // The station pages the list (FREEZE_LIST_CAP a page); the table only turns the pages.
        pagination={
          listing !== null && {
            current: Math.floor(listing.offset / listing.cap) + 1,
            pageSize: listing.cap,
            total: listing.total,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (page) => reload(filter, (page - 1) * listing.cap),
          }
        }
        locale={{ emptyText: t('support.freezeList.none') }}
        onRow={(r) => ({ onClick: () => setUnitPage(r.serial), style: { cursor: 'pointer' } })}
        data-testid="freeze-list"
        columns={[
          {
            title: t('support.freezeList.col.serial'),
            dataIndex: 'serial',
            render: (v: string) => <span className="support-mono">{v}</span>,
          },
          {
            title: t('support.freezeList.col.state'),
            dataIndex: 'active',
            render: (v: boolean) =>
              v ? (
                <Tag color="red" icon={<LockOutlined />}>
                  {t('support.freezeList.state.active')}
                </Tag>
              ) : (
                <Tag color="green" icon={<UnlockOutlined />}>
                  {t('support.freezeList.state.lifted')}
                </Tag>
              ),
          },
          { title: t('support.freezeList.col.reason'), dataIndex: 'reason' },
          {
            title: t('support.freezeList.col.frozen'),
            key: 'frozen',
            render: (_: unknown, r) => (
              <>
                <div>{who(r.frozenBy, r.frozenAtHub)}</div>
                <Typography.Text type="secondary">{shanghaiWallClock(r.frozenAt)}</Typography.Text>
              </>
            ),
          },
          {
            title: t('support.freezeList.col.lifted'),
            key: 'lifted',
            render: (_: unknown, r) =>
              r.unfrozenAt === null ? (
                t('support.freezeList.notLifted')
              ) : (
                <>
                  <div>{who(r.unfrozenBy ?? '', r.unfrozenAtHub)}</div>
                  <Typography.Text type="secondary">{shanghaiWallClock(r.unfrozenAt)}</Typography.Text>
                  {r.unfreezeReason && <div>{r.unfreezeReason}</div>}
                </>
              ),
          },
          {
            title: t('support.freezeList.col.unit'),
            key: 'unit',
            render: (_: unknown, r) => (
              <>
                <Tag color={UNIT_COLOR[r.unit]} style={{ whiteSpace: 'normal' }}>
                  {t(`support.freezeList.unit.${r.unit}`)}
                </Tag>
                {r.unitAt && (
                  <div>
                    <Typography.Text type="secondary">{shanghaiWallClock(r.unitAt)}</Typography.Text>
                  </div>
                )}
              </>
            ),
          },
          ...(enrolled
            ? [
                {
                  title: t('support.freezeList.col.hub'),
                  key: 'hub',
                  render: (_: unknown, r: FreezeRow) =>
                    r.hub && (
                      <Tag color={HUB_COLOR[r.hub]} data-testid="freeze-list-hub">
                        {t(`support.freezeList.hub.${r.hub}`, {
                          status: r.hubStatus ? t(`support.freezeList.hubStatus.${r.hubStatus}`) : '',
                        })}
                      </Tag>
                    ),
                },
              ]
            : []),
        ]}
      />
      {unitPage && (
        <UnitDrawer
          scanned={unitPage}
          onClose={() => {
            setUnitPage(null);
            reload(filter, listing?.offset ?? 0);
            focus();
          }}
        />
      )}
    </Card>
  );
}
