import { useState } from 'react';
import { Alert, Button, Card, Empty, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { StationCallError } from '../../bridge/station-bridge';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { formatFen } from '../../format/money';
import { LedgerRowErrors } from './LedgerRowErrors';
import { knownKey } from '../../i18n/known-key';

type Report = CallOutput<'fees.checkLedger'>;
type Checked = Extract<Report, { status: 'checked' }>;
type Breach = Checked['breaches'][number];

/** Reason code → the key of its sentence ('ledger.header.missing_column' → 'fees.errors.ledger_header_missing_column'). */
const ledgerErrorKey = (reason: string): string => `fees.errors.${reason.replaceAll('.', '_')}`;

export function LedgerCheck() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useCallError('fees');
  const [report, setReport] = useState<Report | null>(null);
  // A file the station cannot read at all (no header, not UTF-8…): stays on screen until the next file.
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);

  const check = async (file: File) => {
    setBusy(true);
    setFileName(file.name);
    setReport(null);
    setFileError(null);
    try {
      setReport(await client.call('fees.checkLedger', { csv: await file.text() }));
    } catch (error) {
      const reason = error instanceof StationCallError ? error.error.reason : undefined;
      const key = reason === undefined ? null : knownKey(ledgerErrorKey(reason));
      if (key) setFileError(t(key));
      else showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('fees.ledger')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">
        {t('fees.ledgerHint')} {t('fees.ledgerHintOrder')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void check(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="ledger-upload">
            {t('fees.chooseFile')}
          </Button>
        </Upload>
        {fileName && <Typography.Text>{fileName}</Typography.Text>}
      </Space>
      {fileError && (
        <Alert
          type="error"
          showIcon
          data-testid="ledger-file-error"
          title={t('fees.ledgerUnreadable')}
          description={fileError}
        />
      )}
      {report?.status === 'invalid' && <LedgerRowErrors report={report} />}
      {report?.status === 'checked' && <Breaches report={report} />}
    </Card>
  );
}

function Breaches({ report }: { report: Checked }) {
  const { t } = useTranslation();
  return (
    <>
      <Space size={48} style={{ marginBottom: 16, display: 'flex' }}>
        <Statistic title={t('fees.rows')} value={report.rows} />
        <Statistic title={t('fees.merchantsCount')} value={report.merchants} />
        <Statistic
          title={t('fees.breaches')}
          value={report.refusedRows}
          styles={{ content: { color: report.refusedRows > 0 ? '#cf1322' : '#389e0d' } }}
        />
      </Space>
      {report.breaches.length === 0 ? (
        <Empty description={t('fees.noBreaches')} />
      ) : (
        <Table<Breach>
          rowKey="row"
          size="small"
          dataSource={report.breaches}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: t('fees.row'), dataIndex: 'row', width: 80 },
            { title: t('fees.merchant'), dataIndex: 'merchant' },
            { title: t('fees.date'), dataIndex: 'date', width: 120 },
            {
              title: t('fees.channel'),
              dataIndex: 'channel',
              width: 120,
              // 'qr:wechat' → 'qr_wechat': ':' separates namespaces in i18next keys.
              render: (c: string) => t(`fees.channelShort.${c.replace(':', '_')}`, { defaultValue: c }),
            },
            {
              title: t('fees.amount'),
              dataIndex: 'amountFen',
              align: 'right',
              render: (f: number) => <span className="money">{formatFen(f)}</span>,
            },
            {
              title: t('fees.reason'),
              dataIndex: 'reason',
              render: (r: Breach['reason']) => <Tag color="red">{t(`fees.reasons.${r}`)}</Tag>,
            },
            {
              title: t('fees.headroom'),
              dataIndex: 'headroomFen',
              align: 'right',
              render: (f: number) => <span className="money">{formatFen(f)}</span>,
            },
          ]}
        />
      )}
      {report.breachesTruncated && <Typography.Text type="warning">{t('fees.truncated')}</Typography.Text>}
    </>
  );
}
