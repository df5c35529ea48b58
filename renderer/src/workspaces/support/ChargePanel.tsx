import { useState } from 'react';
import { App, Button, Card, Descriptions, Input, Modal, Space, Tag, Typography, Upload } from 'antd';
import { PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../electron/contract/support';
import { SUPPORT_WAIVER_LIMIT_FEN } from '../../../../electron/contract/support';
import { useStation } from '../../shell/station-context';
import { formatFen } from '../../format/money';
import { useSupportError } from './use-support-error';

const FINAL = ['returned', 'restocked', 'scrapped'];

/** The charge as the station decided it, a waiver with its reason (and second person), the device price, the receipt. */
export function ChargePanel({
  detail,
  onChanged,
}: {
  detail: CaseDetail;
  onChanged: (next: CaseDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client, operator } = useStation();
  const { message } = App.useApp();
  const showError = useSupportError();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);

  const run = async (work: () => Promise<CaseDetail>, done: string) => {
    setBusy(true);
    try {
      onChanged(await work());
      void message.success(done);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const open = !FINAL.includes(detail.state);
  const check = detail.devicePriceCheck;
  return (
    <Card
      size="small"
      title={t('support.case.chargeTitle')}
      style={{ marginTop: 16 }}
      data-testid="support-charge"
      extra={
        <Button
          icon={<PrinterOutlined />}
          onClick={async () => {
            try {
              const language = i18n.language === 'en' ? 'en' : 'zh';
              setReceipt((await client.call('support.receipt', { caseId: detail.id, language })).html);
            } catch (error) {
              showError(error);
            }
          }}
        >
          {t('support.case.receipt')}
        </Button>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('support.case.charge')}>
          {detail.chargeFen === null ? (
            t('support.case.notDecided')
          ) : (
            <span>
              ¥{formatFen(detail.chargeFen)}{' '}
              {detail.chargeRule && (
                <Tag>{t(`support.rule.${detail.chargeRule}`, { defaultValue: detail.chargeRule })}</Tag>
              )}
              {detail.cause && <Tag color="blue">{t(`support.cause.${detail.cause}`)}</Tag>}
            </span>
          )}
        </Descriptions.Item>
        {detail.waiverFen > 0 && (
          <Descriptions.Item label={t('support.case.waiver')}>
            ¥{formatFen(detail.waiverFen)} — {detail.waiverReason}{' '}
            <Tag color={detail.waiverState === 'pending' ? 'gold' : 'green'}>
              {t(
                detail.waiverState === 'pending'
                  ? 'support.case.waiverPending'
                  : 'support.case.waiverApproved',
              )}
            </Tag>
          </Descriptions.Item>
        )}
        {detail.chargeFen !== null && (
          <Descriptions.Item label={t('support.case.payable')}>
            <Typography.Text strong>¥{formatFen(detail.payableFen)}</Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('support.case.devicePrice')}>
          {check ? (
            <Tag color={check.waived ? 'green' : 'orange'}>
              {t(check.waived ? 'support.case.devicePriceMet' : 'support.case.devicePriceNotMet', {
                month: check.month,
                volume: formatFen(check.volumeFen),
              })}
            </Tag>
          ) : (
            '—'
          )}{' '}
          <Upload
            accept=".csv,text/csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void run(
                async () =>
                  client.call('support.checkDevicePrice', { caseId: detail.id, csv: await file.text() }),
                t('support.case.devicePriceCheck'),
              );
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} disabled={detail.merchantId === null}>
              {t('support.case.devicePriceCheck')}
            </Button>
          </Upload>
        </Descriptions.Item>
      </Descriptions>
      {open && (detail.chargeFen ?? 0) > 0 && (
        <Space wrap style={{ marginTop: 8 }}>
          <Input
            style={{ width: 140 }}
            placeholder={t('support.case.waiverAmount')}
            value={amount}
            onChange={(e) => setAmount(e.target.value.trim())}
          />
          <Input
            style={{ width: 260 }}
            placeholder={t('support.case.waiverReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button
            loading={busy}
            onClick={() =>
              void run(
                () => client.call('support.requestWaiver', { caseId: detail.id, amount, reason }),
                t('support.case.waiverDone'),
              )
            }
          >
            {t('support.case.waiverRequest')}
          </Button>
          <Typography.Text type="secondary">
            {t('support.case.waiverLimit', { limit: formatFen(SUPPORT_WAIVER_LIMIT_FEN) })}
          </Typography.Text>
        </Space>
      )}
      {detail.waiverState === 'pending' && operator.role === 'admin' && (
        <Button
          type="primary"
          style={{ marginTop: 8 }}
          loading={busy}
          onClick={() =>
            void run(
              () => client.call('support.approveWaiver', { caseId: detail.id }),
              t('support.case.waiverDone'),
            )
          }
        >
          {t('support.case.waiverApprove')}
        </Button>
      )}
      <Modal
        open={receipt !== null}
        onCancel={() => setReceipt(null)}
        width={640}
        okText={t('support.case.receipt')}
        onOk={() => window.print()}
      >
        {/* The station's own receipt HTML: every value in it is escaped by the service. */}
        <div className="support-receipt" dangerouslySetInnerHTML={{ __html: receipt ?? '' }} />
      </Modal>
    </Card>
  );
}
