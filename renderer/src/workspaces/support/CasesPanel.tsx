import { useEffect, useEffectEvent, useState } from 'react';
import { Button, Card, Empty, Input, Segmented, Space, Table, Tag } from 'antd';
import { LockOutlined, PlusOutlined, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useScanSearch, type ScanSearchRun } from '../../shell/use-scan-search';
import { formatFen } from '../../format/money';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';
import { IntakeDialog } from './IntakeDialog';
import { CaseDrawer } from './CaseDrawer';
import { UnitDrawer } from './UnitDrawer';
import { StateTag } from './tags';
import type { Symptom } from '../../../../electron/contract/domain/support/case-states';

type Item = CallOutput<'support.cases'>['items'][number];
type Scope = 'open' | 'closed' | 'all';

/**
 * Scan or type: typing filters the cases; Enter (a scanner's last key) searches every case, open
 * and closed, and one hit opens it at once.
 */
export function CasesPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [scope, setScope] = useState<Scope>('open');
  const [items, setItems] = useState<Item[]>([]);
  const [loading, setLoading] = useState(false);
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [intake, setIntake] = useState<string | null>(null);
  const [unitPage, setUnitPage] = useState<string | null>(null);

  const load = async (q: string, s: Scope, run: ScanSearchRun) => {
    setLoading(true);
    try {
      const found = await client.call('support.cases', {
        ...(q.trim() ? { query: q.trim() } : {}),
        scope: s,
      });
      if (!run.isLatest()) return;
      setItems(found.items);
      if (run.entered && found.items.length === 1) setOpenCase(found.items[0]!.id);
    } catch (error) {
      if (run.isLatest()) showError(error);
    } finally {
      if (run.isLatest()) setLoading(false);
    }
  };
  const { inputRef, query, change, enter, ticket, focus } = useScanSearch((q, run) => {
    // A scanned unit may have only closed cases: its history is still wanted.
    const s = run.entered && q.trim() ? 'all' : scope;
    setScope(s);
    void load(q, s, run);
  });
  const reload = (s: Scope) => void load(query, s, { entered: false, isLatest: ticket() });

  const report = useEffectEvent(showError);
  useEffect(() => {
    const isLatest = ticket();
    client
      .call('support.cases', { scope: 'open' })
      .then((found) => isLatest() && setItems(found.items), report);
    focus();
  }, [client, ticket, focus]);

  const closeCase = () => {
    setOpenCase(null);
    reload(scope);
    focus();
  };

  return (
    <Card>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          ref={inputRef}
          size="large"
          prefix={<ScanOutlined />}
          placeholder={t('support.scan.placeholder')}
          value={query}
          allowClear
          onChange={(e) => change(e.target.value)}
          onPressEnter={enter}
          data-testid="support-scan"
        />
        <Button size="large" type="primary" onClick={enter}>
          {t('support.scan.search')}
        </Button>
        <Button
          size="large"
          icon={<LockOutlined />}
          disabled={!query.trim()}
          onClick={() => setUnitPage(query.trim())}
          data-testid="support-unit-open"
        >
          {t('support.scan.unit')}
        </Button>
        <Button
          size="large"
          icon={<PlusOutlined />}
          onClick={() => setIntake(query)}
          data-testid="support-intake"
        >
          {t('support.scan.intake')}
        </Button>
      </Space.Compact>
      <Segmented<Scope>
        style={{ marginBottom: 12 }}
        value={scope}
        onChange={(s) => {
          setScope(s);
          reload(s);
        }}
        options={(['open', 'closed', 'all'] as const).map((s) => ({
          value: s,
          label: t(`support.scope.${s}`),
        }))}
      />
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('support.noCases')} /> }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        onRow={(row) => ({ onClick: () => setOpenCase(row.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('support.col.id'),
            dataIndex: 'id',
            render: (v: string) => <span className="support-mono">{v}</span>,
          },
          {
            title: t('support.col.serial'),
            dataIndex: 'serial',
            render: (v: string) => <span className="support-mono">{v}</span>,
          },
          {
            title: t('support.col.state'),
            dataIndex: 'state',
            render: (_: unknown, r) => <StateTag state={r.state} />,
          },
          {
            title: t('support.col.symptom'),
            dataIndex: 'symptom',
            render: (v: Symptom) => t(`support.symptom.${v}`),
          },
          { title: t('support.col.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
          {
            title: t('support.col.courier'),
            dataIndex: 'courierNumber',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('support.col.due'),
            dataIndex: 'dueAt',
            render: (_: unknown, r) =>
              r.overdue ? (
                <span className="support-overdue">
                  {shanghaiWallClock(r.dueAt).slice(0, 10)} <Tag color="red">{t('support.overdue')}</Tag>
                </span>
              ) : r.state === 'returned' || r.state === 'restocked' || r.state === 'scrapped' ? (
                '—'
              ) : (
                shanghaiWallClock(r.dueAt).slice(0, 10)
              ),
          },
          {
            title: t('support.col.charge'),
            dataIndex: 'payableFen',
            align: 'right',
            render: (_: unknown, r) => (r.chargeFen === null ? '—' : `¥${formatFen(r.payableFen)}`),
          },
        ]}
      />
      {intake !== null && (
        <IntakeDialog
          initialSerial={intake}
          onClose={(opened) => {
            setIntake(null);
            if (opened) setOpenCase(opened);
            else focus();
          }}
        />
      )}
      {openCase !== null && <CaseDrawer caseId={openCase} onClose={closeCase} />}
      {unitPage !== null && (
        <UnitDrawer
          scanned={unitPage}
          onClose={() => {
            setUnitPage(null);
            focus();
          }}
        />
      )}
    </Card>
  );
}
