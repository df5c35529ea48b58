import { Descriptions, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../format/money';
import type { CaseFinding } from './types';

type Evidence = CaseFinding['evidence'];
type JsonValue = Evidence[string];

interface FlaggedSide {
  readonly row: number;
  readonly time: string;
  readonly amountFen: number;
  readonly counterparty: string;
}

interface FlaggedPair {
  readonly in: FlaggedSide;
  readonly out: FlaggedSide;
}

function isFlaggedPairs(value: JsonValue): value is FlaggedPair[] & JsonValue {
  return (
    Array.isArray(value) &&
    value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'in' in v && 'out' in v)
  );
}

function plain(key: string, value: JsonValue, yes: string, no: string): string {
  if (value === null) return '—';
  if (typeof value === 'number') {
    if (key.endsWith('Fen')) return `¥ ${formatFen(value)}`;
    if (key === 'shareBasisPoints') return `${(value / 100).toFixed(2)}%`;
    return String(value);
  }
  if (typeof value === 'boolean') return value ? yes : no;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.map((v) => String(v)).join('、');
  }
  return JSON.stringify(value);
}

/** The statement rows the pass-through check paired: money in, and the same money out minutes later. */
function FlaggedRows({ pairs }: { pairs: readonly FlaggedPair[] }) {
  const { t } = useTranslation();
  return (
    <Table<FlaggedPair>
      size="small"
      pagination={false}
      rowKey={(p) => `${p.in.row}-${p.out.row}`}
      dataSource={[...pairs]}
      scroll={{ y: 160 }}
      columns={[
        { title: '#', width: 50, render: (_, p) => p.in.row },
        {
          title: t('review.findings.flaggedIn'),
          render: (_, p) => `${p.in.time} · ¥ ${formatFen(p.in.amountFen)}`,
        },
        { title: '#', width: 50, render: (_, p) => p.out.row },
        {
          title: t('review.findings.flaggedOut'),
          render: (_, p) => `${p.out.time} · ¥ ${formatFen(p.out.amountFen)} → ${p.out.counterparty}`,
        },
      ]}
    />
  );
}

/** A finding's evidence as labelled values: money in yuan, flagged statement rows as a table below. */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  const entries = Object.entries(evidence);
  if (entries.length === 0) return null;
  const yes = t('review.case.yes');
  const no = t('review.case.no');
  const values = entries.filter(([, value]) => !isFlaggedPairs(value));
  const flagged = entries.flatMap(([, value]) => (isFlaggedPairs(value) ? [value] : []));
  return (
    <div className="review-evidence">
      {values.length > 0 && (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={values.map(([key, value]) => ({
            key,
            label: t(`review.evidenceKeys.${key}`, { defaultValue: key }),
            children: plain(key, value, yes, no),
          }))}
        />
      )}
      {flagged.map((pairs, i) => (
        <div key={i}>
          <div className="review-evidence-label">{t('review.evidenceKeys.flaggedRows')}</div>
          <FlaggedRows pairs={pairs} />
        </div>
      ))}
    </div>
  );
}
