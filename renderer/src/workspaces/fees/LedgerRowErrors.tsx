import { Alert, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { knownKey } from '../../i18n/known-key';

type Invalid = Extract<CallOutput<'fees.checkLedger'>, { status: 'invalid' }>;
type RowError = Invalid['errors'][number];

const COLUMNS = new Set(['time', 'merchant', 'channel', 'amount', 'account_class', 'questionnaire']);

/** Every unreadable row of a ledger with its row number, column and what is wrong, in the operator's language. */
export function LedgerRowErrors({ report }: { report: Invalid }) {
  const { t } = useTranslation();
  return (
    <div data-testid="ledger-row-errors">
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('fees.ledgerInvalidRows', { count: report.errorCount })}
      />
      <Table<RowError>
        rowKey="row"
        size="small"
        dataSource={report.errors}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('fees.row'), dataIndex: 'row', width: 80 },
          {
            title: t('fees.column'),
            dataIndex: 'field',
            width: 200,
            render: (f: string) =>
              t((COLUMNS.has(f) && knownKey(`fees.columns.${f}`)) || 'fees.columns.whole_row'),
          },
          {
            title: t('fees.problem'),
            key: 'problem',
            render: (_: unknown, e: RowError) =>
              t(knownKey(`fees.errors.${e.reason.replaceAll('.', '_')}`) ?? 'errors.generic', {
                value: e.value,
              }),
          },
        ]}
      />
      {report.errorCount > report.errors.length && (
        <Typography.Text type="warning">
          {t('fees.ledgerInvalidTruncated', { shown: report.errors.length })}
        </Typography.Text>
      )}
    </div>
  );
}
