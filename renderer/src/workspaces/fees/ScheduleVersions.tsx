import { useEffect, useState } from 'react';
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { formatFen } from '../../format/money';
import { shanghaiDate, shanghaiWallClock } from '../../format/shanghai-time';

type Schedules = CallOutput<'fees.schedules'>;
type Version = Schedules['versions'][number];

const STATUS_COLOR = { in_force: 'green', pending: 'orange', superseded: 'default' } as const;
const STATUS_KEY = {
  in_force: 'fees.inForce',
  pending: 'fees.pending',
  superseded: 'fees.superseded',
} as const;

function rate(r: Version['rates']['credit']): string {
  const parts = [r.percent];
  if (r.capFen !== null) parts.push(`≤ ¥${formatFen(r.capFen)}`);
  if (r.fixedFen > 0) parts.push(`+ ¥${formatFen(r.fixedFen)}`);
  return parts.join(' ');
}

export function ScheduleVersions() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [data, setData] = useState<Schedules | null>(null);

  useEffect(() => {
    let live = true;
    void client.call('fees.schedules', {}).then((d) => {
      if (live) setData(d);
    });
    return () => {
      live = false;
    };
  }, [client]);

  return (
    <Card title={t('fees.schedules')} style={{ marginTop: 16 }}>
      <Table<Version>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={!data}
        dataSource={data ? [...data.versions].reverse() : []}
        columns={[
          { title: t('fees.version'), dataIndex: 'id', render: (id: string) => <b>{id}</b> },
          {
            title: t('fees.status'),
            dataIndex: 'status',
            render: (s: Version['status']) => <Tag color={STATUS_COLOR[s]}>{t(STATUS_KEY[s])}</Tag>,
          },
          { title: t('fees.channels.credit'), render: (_, v) => rate(v.rates.credit) },
          { title: t('fees.channels.debit'), render: (_, v) => rate(v.rates.debit) },
          { title: t('fees.channels.qr'), render: (_, v) => rate(v.rates.qr) },
          { title: t('fees.announcedAt'), dataIndex: 'announcedAt', render: shanghaiDate },
          { title: t('fees.effectiveAt'), dataIndex: 'effectiveAt', render: shanghaiWallClock },
          { title: t('fees.noticeDays'), dataIndex: 'noticeDays' },
        ]}
      />
      {data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('fees.calendarCovers', { from: data.calendar.coversFrom, until: data.calendar.coversUntil })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
