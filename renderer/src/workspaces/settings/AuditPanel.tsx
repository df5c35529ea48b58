import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRecordView, AuditVerificationView } from '../../../../electron/contract/admin';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { knownKey } from '../../i18n/known-key';

interface Filter {
  readonly caseId?: string;
  readonly serial?: string;
  readonly actor?: string;
}

const PAGE = 50;

/** Only the filled-in fields, trimmed: an empty box is no filter. */
function cleaned(values: Filter): Filter {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return out;
}

/**
 * An action in the operator's words, with the stored code beneath it (what an auditor searches
 * for); an action without its own words is named by its domain.
 */
function ActionLabel({ action }: { readonly action: string }) {
  const { t } = useTranslation();
  const key =
    knownKey(`settings.audit.actions.${action.replaceAll('.', '_')}`) ??
    knownKey(`settings.audit.domains.${action.split('.')[0] ?? ''}`);
  const label = key ? t(key) : action;
  return (
    <>
      <div>{label}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {action}
      </Typography.Text>
    </>
  );
}

/** The audit log for an admin: filter by case, unit or operator, page back, and verify the chain. */
export function AuditPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useCallError('settings');
  const [filter, setFilter] = useState<Filter>({});
  const [records, setRecords] = useState<AuditRecordView[] | null>(null);
  const [older, setOlder] = useState<number | null>(null);
  const [verdict, setVerdict] = useState<AuditVerificationView | null>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    let live = true;
    client.call('audit.records', { ...filter, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        setRecords(page.records);
        setOlder(page.nextBeforeSeq);
      },
      (error: unknown) => showError(error),
    );
    return () => {
      live = false;
    };
    // showError is a fresh function each render; the page only depends on the client and filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, filter]);

  const loadOlder = async (beforeSeq: number) => {
    try {
      const page = await client.call('audit.records', { ...filter, limit: PAGE, beforeSeq });
      setRecords((shown) => [...(shown ?? []), ...page.records]);
      setOlder(page.nextBeforeSeq);
    } catch (error) {
      showError(error);
    }
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setVerdict(await client.call('audit.verify', {}));
    } catch (error) {
      showError(error);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }} align="start" wrap>
        <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
          {verifying ? t('settings.audit.verifying') : t('settings.audit.verify')}
        </Button>
      </Space>
      {verdict && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          data-testid="audit-verdict"
          type={verdict.ok ? 'success' : 'error'}
          title={
            verdict.ok
              ? t('settings.audit.intact', { count: verdict.count })
              : `${t('settings.audit.tampered', { seq: verdict.firstBadSeq })} ${t(`settings.audit.problems.${verdict.problem}`)}。`
          }
          description={verdict.ok ? undefined : t('settings.audit.whatToDo')}
        />
      )}
      <Form<Filter>
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v) => setFilter(cleaned(v))}
      >
        <Form.Item name="caseId" label={t('settings.audit.caseId')}>
          <Input allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="serial" label={t('settings.audit.serial')}>
          <Input allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="actor" label={t('settings.audit.actor')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('settings.audit.search')}
        </Button>
      </Form>
      <Table<AuditRecordView>
        rowKey="seq"
        size="small"
        loading={records === null}
        dataSource={records ?? []}
        pagination={false}
        locale={{ emptyText: t('settings.audit.none') }}
        columns={[
          { title: t('settings.audit.seq'), dataIndex: 'seq', width: 80 },
          {
            title: t('settings.audit.at'),
            dataIndex: 'at',
            width: 150,
            render: (at: string) => shanghaiWallClock(at),
          },
          { title: t('settings.audit.actor'), dataIndex: 'actor', width: 130 },
          {
            title: t('settings.audit.action'),
            dataIndex: 'action',
            width: 220,
            render: (action: string) => <ActionLabel action={action} />,
          },
          { title: t('settings.audit.subject'), dataIndex: 'subject', width: 220 },
          {
            title: t('settings.audit.details'),
            dataIndex: 'details',
            render: (details: AuditRecordView['details']) => (
              <Typography.Paragraph
                type="secondary"
                style={{ fontSize: 12, marginBottom: 0 }}
                ellipsis={{ rows: 2, expandable: true, symbol: t('settings.audit.more') }}
              >
                {Object.keys(details).length > 0 ? JSON.stringify(details) : ''}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
      {older !== null && (
        <Button style={{ marginTop: 12 }} onClick={() => void loadOlder(older)}>
          {t('settings.audit.olderPage')}
        </Button>
      )}
    </>
  );
}
