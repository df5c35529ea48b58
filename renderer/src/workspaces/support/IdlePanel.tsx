import { useEffect, useState } from 'react';
import { App, Button, Card, Empty, Input, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { stationToday } from '../../format/station-clock';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

type Report = CallOutput<'support.idle'>;
type Reminder = Report['reminders'][number];

/** The month before the station's today, 'YYYY-MM': the last whole calendar month. */
function lastMonth(): string {
  const [y, m] = stationToday().split('-').map(Number);
  return m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
}

const REFRESH_MS = 3000;

/**
 * Units with no transaction in a calendar month, from the journals read at the counter and any
 * imported merchant ledger, and the reminders their merchants were sent (the notice outbox).
 */
export function IdlePanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useStation();
  const showError = useSupportError();
  const [month, setMonth] = useState(lastMonth);
  const [ledger, setLedger] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<{ name: string; csv: string } | null>(null);

  const input = (m: string, l: { text: string } | null) => ({ month: m, ...(l ? { csv: l.text } : {}) });

  const list = async (m: string, l: { text: string } | null) => {
    try {
      setReport(await client.call('support.idle', input(m, l)));
    } catch (error) {
      setReport(null);
      showError(error);
    }
  };

  const remind = async () => {
    setBusy(true);
    try {
      const answer = await client.call('support.remindIdle', input(month, ledger));
      setReport(answer.list);
      void message.success(
        t('support.idle.reminded', { queued: answer.queued.length, already: answer.alreadyReminded.length }),
      );
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  // The journals read at the counter need no file: the list is there on opening.
  useEffect(() => {
    client.call('support.idle', { month: lastMonth() }).then(setReport, showError);
    client.call('support.demoLedger', {}).then(setDemo, () => setDemo(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError is a fresh closure each render
  }, [client]);

  // Reminders go out after commit: while any waits, the list is read again to show it sent.
  const shownMonth = report?.month;
  const waiting = report?.reminders.some((r) => r.sentAt === null) ?? false;
  useEffect(() => {
    if (!waiting || shownMonth === undefined) return;
    const timer = setInterval(() => {
      client.call('support.idle', input(shownMonth, ledger)).then(setReport, () => {});
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [client, waiting, shownMonth, ledger]);

  const reminderOf = new Map<string, Reminder>(report?.reminders.map((r) => [r.merchantId, r]) ?? []);
  const reminderTag = (merchantId: string | null) => {
    const r = merchantId === null ? undefined : reminderOf.get(merchantId);
    if (r === undefined) return <Tag>{t('support.idle.reminderNone')}</Tag>;
    if (r.sentAt !== null)
      return <Tag color="green">{t('support.idle.reminderSent', { at: shanghaiWallClock(r.sentAt) })}</Tag>;
    if (r.attempts > 0)
      return <Tag color="orange">{t('support.idle.reminderRetrying', { attempts: r.attempts })}</Tag>;
    return <Tag color="blue">{t('support.idle.reminderQueued')}</Tag>;
  };
  const remindable = report?.idle.some((u) => u.merchantId !== null) ?? false;

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('support.idle.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          style={{ width: 250 }}
          addonBefore={t('support.idle.month')}
          value={month}
          data-testid="idle-month"
          onChange={(e) => setMonth(e.target.value.trim())}
          onPressEnter={() => void list(month, ledger)}
        />
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => {
              const l = { name: file.name, text };
              setLedger(l);
              void list(month, l);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('support.money.choose')}</Button>
        </Upload>
        {demo && (
          <Button
            data-testid="idle-demo"
            onClick={() => {
              const l = { name: demo.name, text: demo.csv };
              setLedger(l);
              void list(month, l);
            }}
          >
            {t('support.money.demo')}
          </Button>
        )}
        {ledger && (
          <>
            <Typography.Text>{ledger.name}</Typography.Text>
            <Button
              size="small"
              onClick={() => {
                setLedger(null);
                void list(month, null);
              }}
            >
              {t('support.idle.clearLedger')}
            </Button>
          </>
        )}
        <Button onClick={() => void list(month, ledger)} data-testid="idle-list">
          {t('support.idle.list')}
        </Button>
        <Popconfirm
          title={t('support.idle.remindConfirm', { month })}
          onConfirm={() => void remind()}
          disabled={!remindable}
        >
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy}
            disabled={!remindable}
            data-testid="idle-remind"
          >
            {t('support.idle.remind')}
          </Button>
        </Popconfirm>
      </Space>
      {report && (
        <>
          <Typography.Paragraph>
            {t('support.idle.summary', {
              month: report.month,
              merchants: report.merchants,
              journals: report.journalsRead,
              idle: report.idle.length,
            })}
          </Typography.Paragraph>
          <Table
            rowKey={(r) => `${r.merchantId ?? ''}/${r.serial ?? ''}`}
            size="small"
            dataSource={report.idle}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('support.idle.none')} /> }}
            columns={[
              {
                title: t('support.idle.merchant'),
                dataIndex: 'merchantId',
                render: (v: string | null) => v ?? t('support.idle.noMerchant'),
              },
              {
                title: t('support.idle.serial'),
                dataIndex: 'serial',
                render: (v: string | null) => v ?? t('support.idle.wholeMerchant'),
              },
              {
                title: t('support.idle.lastTransaction'),
                dataIndex: 'lastTransactionAt',
                render: (v: string) => shanghaiWallClock(v),
              },
              {
                title: t('support.idle.source'),
                dataIndex: 'source',
                render: (v: 'ledger' | 'journal') =>
                  v === 'ledger' ? t('support.idle.sourceLedger') : t('support.idle.sourceJournal'),
              },
              {
                title: t('support.idle.reminder'),
                key: 'reminder',
                render: (_: unknown, r) => reminderTag(r.merchantId),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
