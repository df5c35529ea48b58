import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CallOutput } from '../../../../electron/contract';
import type { VersionAnnouncement } from '../../../../electron/contract/support-announce';
import { SUPPORT_SECOND_PERSON_ROLES, type Role } from '../../../../electron/contract/define';
import { useStation } from '../../shell/station-context';
import { formatFen } from '../../format/money';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

type Listing = CallOutput<'support.rateChanges'>;
type Rate = VersionAnnouncement['changes'][number]['to'];
type Merchant = VersionAnnouncement['merchants'][number];

const REFRESH_MS = 3000;
const NOTICE_COLOR = { queued: 'blue', retrying: 'orange', sent: 'green' } as const;

/** The fees workspace's channel words: credit, debit, QR, and each wallet's QR. */
function channelWords(t: TFunction, channel: string): string {
  const key = ['credit', 'debit', 'qr'].includes(channel) ? channel : `qr_${channel}`;
  return (t as (k: string) => string)(`fees.channelShort.${key}`);
}

function rateWords(t: TFunction, r: Rate): string {
  const values = {
    percent: r.percent,
    fixed: formatFen(r.fixedFen),
    cap: r.capFen === null ? '' : formatFen(r.capFen),
  };
  if (r.capFen !== null && r.fixedFen > 0) return t('support.announce.rateFixedCap', values);
  if (r.capFen !== null) return t('support.announce.rateCap', values);
  if (r.fixedFen > 0) return t('support.announce.rateFixed', values);
  return t('support.announce.rate', values);
}

/**
 * 费率变更通知: the schedule versions not yet in force, what each changes, the merchants it
 * reaches, the notice text, whether the 30-day rule still allows announcing it, and each merchant's
 * notice as the outbox delivers it. The station works out the merchants and refuses a late
 * announcement itself; this screen says so in words before anyone presses the button.
 */
export function AnnouncePanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client, operator } = useStation();
  const showError = useSupportError();
  const [listing, setListing] = useState<Listing | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const mayAnnounce = (SUPPORT_SECOND_PERSON_ROLES as readonly Role[]).includes(operator.role);

  const load = useCallback(() => {
    client.call('support.rateChanges', {}).then(setListing, showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError is a fresh closure each render
  }, [client]);

  useEffect(() => {
    if (mayAnnounce) load();
  }, [load, mayAnnounce]);

  // Notices go out after commit: while any waits, read again to show it sent.
  const waiting =
    listing?.versions.some((v) => v.merchants.some((m) => m.notice && m.notice.state !== 'sent')) ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(
      () => client.call('support.rateChanges', {}).then(setListing, () => {}),
      REFRESH_MS,
    );
    return () => clearInterval(timer);
  }, [client, waiting]);

  const announce = async (version: string) => {
    setBusy(version);
    try {
      const done = await client.call('support.announceRateChange', { version });
      setListing(done);
      void message.success(
        t('support.announce.sent', { queued: done.queued.length, already: done.alreadyNotified.length }),
      );
    } catch (error) {
      showError(error);
      load();
    } finally {
      setBusy(null);
    }
  };

  if (!mayAnnounce)
    return (
      <Card>
        <Alert
          type="info"
          showIcon
          title={t('support.announce.leadsOnly')}
          data-testid="announce-leads-only"
        />
      </Card>
    );

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('support.announce.intro')}</Typography.Paragraph>
      {listing && (
        <Typography.Paragraph>
          {t('support.announce.now', { now: shanghaiWallClock(listing.now) })}
        </Typography.Paragraph>
      )}
      {listing && listing.versions.length === 0 && <Empty description={t('support.announce.none')} />}
      <Space orientation="vertical" style={{ width: '100%' }} size="large">
        {listing?.versions.map((v) => (
          <VersionCard key={v.id} version={v} busy={busy === v.id} onAnnounce={() => void announce(v.id)} />
        ))}
      </Space>
    </Card>
  );
}

function VersionCard({
  version: v,
  busy,
  onAnnounce,
}: {
  version: VersionAnnouncement;
  busy: boolean;
  onAnnounce: () => void;
}) {
  const { t } = useTranslation();
  const untold = v.merchants.filter((m) => m.notice === null).length;
  const noticeTag = (m: Merchant) => {
    if (m.notice === null) return <Tag>{t('support.announce.notice.none')}</Tag>;
    return (
      <Tag color={NOTICE_COLOR[m.notice.state]}>
        {t(`support.announce.notice.${m.notice.state}`, { attempts: m.notice.attempts })}
      </Tag>
    );
  };

  return (
    <Card
      type="inner"
      data-testid={`announce-${v.id}`}
      title={
        <Space wrap>
          <span>{t('support.announce.version', { id: v.id })}</span>
          <Typography.Text type="secondary">
            {t('support.announce.effective', { at: shanghaiWallClock(v.effectiveAt) })}
          </Typography.Text>
        </Space>
      }
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('support.announce.changes')}>
          {v.changes.length === 0
            ? t('support.announce.noRateChange')
            : v.changes.map((c) => (
                <div key={c.channel}>
                  {c.from
                    ? t('support.announce.change', {
                        channel: channelWords(t, c.channel),
                        from: rateWords(t, c.from),
                        to: rateWords(t, c.to),
                      })
                    : t('support.announce.newRate', {
                        channel: channelWords(t, c.channel),
                        to: rateWords(t, c.to),
                      })}
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.announce.announceBy')}>
          {shanghaiWallClock(v.announceBy)}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.announce.planned')}>
          {shanghaiWallClock(v.plannedAnnouncementAt)}
        </Descriptions.Item>
      </Descriptions>
      {v.ruleMet ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('support.announce.ruleMet')}
          description={t('support.announce.ruleMetDetail', { by: shanghaiWallClock(v.announceBy) })}
          data-testid="announce-rule"
        />
      ) : (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('support.announce.ruleBroken')}
          description={t('support.announce.ruleBrokenDetail', {
            effective: shanghaiWallClock(v.effectiveAt),
            by: shanghaiWallClock(v.announceBy),
            earliest: v.earliestEffectiveDate ?? '',
          })}
          data-testid="announce-rule"
        />
      )}
      <Typography.Text strong>{t('support.announce.body')}</Typography.Text>
      <pre className="support-notice-body" data-testid="announce-body">
        {v.body}
      </pre>
      <Space style={{ margin: '12px 0' }}>
        <Popconfirm
          title={t('support.announce.confirmTitle', { count: untold })}
          description={t('support.announce.confirmBody')}
          okText={t('support.announce.confirm')}
          cancelText={t('support.announce.cancel')}
          onConfirm={onAnnounce}
          disabled={!v.ruleMet || untold === 0}
        >
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy}
            disabled={!v.ruleMet || untold === 0}
            data-testid="announce-send"
          >
            {untold === 0 ? t('support.announce.sendAll') : t('support.announce.send', { count: untold })}
          </Button>
        </Popconfirm>
      </Space>
      <Typography.Paragraph strong>
        {t('support.announce.merchants', { count: v.merchants.length })}
      </Typography.Paragraph>
      <Table<Merchant>
        rowKey="merchantId"
        size="small"
        dataSource={v.merchants}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid="announce-merchants"
        columns={[
          {
            title: t('support.announce.col.merchant'),
            dataIndex: 'merchantId',
            render: (id: string) => <span className="support-mono">{id}</span>,
          },
          {
            title: t('support.announce.col.source'),
            dataIndex: 'sources',
            render: (sources: Merchant['sources']) =>
              sources.map((s) => <Tag key={s}>{t(`support.announce.source.${s}`)}</Tag>),
          },
          { title: t('support.announce.col.notice'), key: 'notice', render: (_: unknown, m) => noticeTag(m) },
          {
            title: t('support.announce.col.at'),
            key: 'at',
            render: (_: unknown, m) =>
              m.notice &&
              (m.notice.sentAt
                ? t('support.announce.sentAt', { at: shanghaiWallClock(m.notice.sentAt) })
                : t('support.announce.queuedAt', {
                    at: shanghaiWallClock(m.notice.createdAt),
                    by: m.notice.createdBy,
                  })),
          },
        ]}
      />
    </Card>
  );
}
