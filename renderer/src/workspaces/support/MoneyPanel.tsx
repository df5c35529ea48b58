import { useEffect, useState } from 'react';
import { Alert, Button, Card, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { formatFen } from '../../format/money';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { SettlementSwitch } from './SettlementSwitch';
import { useSupportError } from './use-support-error';

type Explanation = CallOutput<'support.explain'>;
type Row = Explanation['rows'][number];

/** "My money has not arrived" / "the fee is wrong": one page to read out on the phone. */
export function MoneyPanel() {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [merchant, setMerchant] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<Explanation | null>(null);
  const [merchants, setMerchants] = useState<string[]>([]);
  const [demo, setDemo] = useState<{ name: string; csv: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('support.demoLedger', {}).then(setDemo, () => setDemo(null));
  }, [client]);

  const explain = async (file: { name: string; text: string }, only: string | undefined) => {
    setBusy(true);
    try {
      const answer = await client.call('support.explain', {
        csv: file.text,
        ...(only ? { merchant: only } : {}),
      });
      setCsv(file);
      setResult(answer);
      if (only === undefined) setMerchants(answer.merchants.map((m) => m.merchant));
    } catch (error) {
      setResult(null);
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const choose = (file: { name: string; text: string }) => {
    setMerchant(undefined);
    void explain(file, undefined);
  };

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('support.money.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => choose({ name: file.name, text }));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="money-upload">
            {t('support.money.choose')}
          </Button>
        </Upload>
        {demo && (
          <Button onClick={() => choose({ name: demo.name, text: demo.csv })} data-testid="money-demo">
            {t('support.money.demo')}
          </Button>
        )}
        {csv && <Typography.Text>{csv.name}</Typography.Text>}
        {merchants.length > 1 && csv && (
          <Select
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t('support.money.allMerchants')}
            value={merchant}
            onChange={(m?: string) => {
              setMerchant(m);
              void explain(csv, m);
            }}
            options={merchants.map((m) => ({ value: m, label: m }))}
          />
        )}
      </Space>
      {result && result.merchants.length > 1 && (
        <Typography.Paragraph type="secondary">{t('support.money.pickMerchant')}</Typography.Paragraph>
      )}
      {result?.merchants.map((m) => (
        <Card key={m.merchant} size="small" style={{ marginBottom: 16 }} data-testid="money-merchant">
          <Space size={40} wrap style={{ marginBottom: 12 }}>
            <Statistic title={t('support.money.merchant')} value={m.merchant} />
            <Statistic title={t('support.money.rows')} value={m.rows} />
            <Statistic title={t('support.money.taken')} value={`¥${formatFen(m.takenFen)}`} />
            <Statistic
              title={t('support.money.refused')}
              value={m.refusedRows}
              styles={{ content: { color: m.refusedRows > 0 ? '#cf1322' : undefined } }}
            />
            <Statistic title={t('support.money.fees')} value={`¥${formatFen(m.expectedFeeFen)}`} />
            {m.rowsWithFeeDifference > 0 && (
              <Statistic
                title={t('support.money.difference')}
                value={`¥${formatFen(m.feeDifferenceFen)}`}
                styles={{ content: { color: '#cf1322' } }}
              />
            )}
          </Space>
          <Alert type="info" title={<span className="support-words">{m.words[lang]}</span>} />
          {result.merchants.length === 1 && csv && (
            <div style={{ marginTop: 12 }}>
              <SettlementSwitch
                key={m.merchant}
                merchantId={m.merchant}
                onSwitched={() => void explain(csv, merchant)}
              />
            </div>
          )}
        </Card>
      ))}
      {result && (
        <Table<Row>
          rowKey="row"
          size="small"
          dataSource={result.rows}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          rowClassName={(r) => (r.allowed ? '' : 'support-refused')}
          columns={[
            { title: t('support.money.row'), dataIndex: 'row', width: 60 },
            {
              title: t('support.money.time'),
              dataIndex: 'at',
              width: 140,
              render: (v: string) => shanghaiWallClock(v),
            },
            {
              title: t('support.money.amount'),
              dataIndex: 'amountFen',
              width: 110,
              align: 'right',
              render: (v: number) => `¥${formatFen(v)}`,
            },
            {
              title: t('support.money.expectedFee'),
              dataIndex: 'expectedFeeFen',
              width: 110,
              align: 'right',
              render: (_: unknown, r) =>
                r.allowed ? (
                  <span>
                    ¥{formatFen(r.expectedFeeFen)}
                    {r.feeDifferenceFen !== null && r.feeDifferenceFen !== 0 && (
                      <div className="support-diff">
                        {t('support.money.chargedFee')} ¥{formatFen(r.chargedFeeFen ?? 0)}
                      </div>
                    )}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: t('support.money.settlement'),
              width: 130,
              render: (_: unknown, r) =>
                r.settlement === null ? (
                  <Tag color="red">{t('support.money.refusedTag')}</Tag>
                ) : (
                  <span>
                    <Tag color={r.settlement.mode === 'instant' ? 'green' : 'blue'}>
                      {t(`support.money.${r.settlement.mode}`)}
                    </Tag>
                    {shanghaiWallClock(r.settlement.at).slice(0, 10)}
                  </span>
                ),
            },
            {
              title: t('support.money.explanation'),
              render: (_: unknown, r) => <span className="support-words">{r.words[lang]}</span>,
            },
          ]}
        />
      )}
    </Card>
  );
}
