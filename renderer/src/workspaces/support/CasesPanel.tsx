import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { Button, Card, Empty, Input, Segmented, Space, Table, Tag, type InputRef } from 'antd';
import { LockOutlined, PlusOutlined, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
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

/** Scan or type, Enter searches; one hit opens the case at once (a scanner ends with Enter). */
export function CasesPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const scanRef = useRef<InputRef>(null);
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<Scope>('open');
  const [items, setItems] = useState<Item[]>([]);
  const [loading, setLoading] = useState(false);
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [intake, setIntake] = useState<string | null>(null);
  const [unitPage, setUnitPage] = useState<string | null>(null);

  const load = useCallback(
    async (q: string, s: Scope, openSingle: boolean) => {
      setLoading(true);
      try {
        const found = await client.call('support.cases', {
          ...(q.trim() ? { query: q.trim() } : {}),
          scope: s,
        });
        setItems(found.items);
        if (openSingle && found.items.length === 1) setOpenCase(found.items[0]!.id);
      } catch (error) {
        showError(error);
      } finally {
        setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client],
  );

  const report = useEffectEvent(showError);
  useEffect(() => {
    client.call('support.cases', { scope: 'open' }).then((found) => setItems(found.items), report);
    scanRef.current?.focus();
  }, [client]);

  const closeCase = () => {
    setOpenCase(null);
    void load(query, scope, false);
    scanRef.current?.focus();
  };

  return (
    <Card>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          ref={scanRef}
          size="large"
          prefix={<ScanOutlined />}
          placeholder={t('support.scan.placeholder')}
          value={query}
          allowClear
          onChange={(e) => setQuery(e.target.value)}
          onPressEnter={() => {
            // A scanned unit may have only closed cases: its history is still wanted.
            const s = query.trim() ? 'all' : scope;
            setScope(s);
            void load(query, s, true);
          }}
          data-testid="support-scan"
        />
        <Button size="large" type="primary" onClick={() => void load(query, scope, true)}>
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
          void load(query, s, false);
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
            else scanRef.current?.focus();
          }}
        />
      )}
      {openCase !== null && <CaseDrawer caseId={openCase} onClose={closeCase} />}
      {unitPage !== null && (
        <UnitDrawer
          scanned={unitPage}
          onClose={() => {
            setUnitPage(null);
            scanRef.current?.focus();
          }}
        />
      )}
    </Card>
  );
}
