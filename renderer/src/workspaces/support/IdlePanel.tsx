import { useState } from 'react';
import { Button, Card, Empty, Input, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { stationToday } from '../../format/station-clock';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

type Report = CallOutput<'support.idle'>;

/** The month before the station's today, 'YYYY-MM': the last whole calendar month. */
function lastMonth(): string {
  const [y, m] = stationToday().split('-').map(Number);
  return m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
}

/** Units with no transaction in a calendar month, from imported merchant ledgers. */
export function IdlePanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [month, setMonth] = useState(lastMonth);
  const [csv, setCsv] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);

  const list = async (text: string, m: string) => {
    try {
      setReport(await client.call('support.idle', { csv: text, month: m }));
    } catch (error) {
      setReport(null);
      showError(error);
    }
  };

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('support.idle.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          style={{ width: 160 }}
          addonBefore={t('support.idle.month')}
          value={month}
          onChange={(e) => setMonth(e.target.value.trim())}
          onPressEnter={() => csv !== null && void list(csv, month)}
        />
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => {
              setCsv(text);
              void list(text, month);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('support.money.choose')}</Button>
        </Upload>
        <Button type="primary" disabled={csv === null} onClick={() => csv !== null && void list(csv, month)}>
          {t('support.idle.list')}
        </Button>
      </Space>
      {report && (
        <>
          <Typography.Paragraph>
            {t('support.idle.summary', {
              month: report.month,
              merchants: report.merchants,
              idle: report.idle.length,
            })}
          </Typography.Paragraph>
          <Table
            rowKey={(r) => `${r.merchantId}/${r.serial ?? ''}`}
            size="small"
            dataSource={report.idle}
            locale={{ emptyText: <Empty description={t('support.idle.none')} /> }}
            columns={[
              { title: t('support.idle.merchant'), dataIndex: 'merchantId' },
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
            ]}
          />
        </>
      )}
    </Card>
  );
}
