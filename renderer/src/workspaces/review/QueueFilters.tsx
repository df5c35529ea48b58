import { forwardRef, useEffect, useState } from 'react';
import { Input, Segmented, Select, Space, Switch, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DueFilter } from '../../../../electron/contract/kyc';
import { CASE_STATES, RISK_LEVELS } from './tags';
import type { QueueFilter } from './types';
import type { ParseKeys } from 'i18next';

interface Props {
  readonly value: QueueFilter;
  readonly onChange: (filter: QueueFilter) => void;
  /** Holders seen in the queue, to filter by. */
  readonly assignees: readonly { id: string; displayName: string }[];
}

const DUE_LABEL: Record<DueFilter, ParseKeys> = {
  overdue: 'review.queue.dueOverdue',
  today: 'review.queue.dueToday',
  later: 'review.queue.dueLater',
};

/** Waits for a pause in typing (or a scanner's Enter) before searching. */
const SEARCH_DEBOUNCE_MS = 300;

export const QueueFilters = forwardRef<InputRef, Props>(function QueueFilters(
  { value, onChange, assignees },
  searchRef,
) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value.search ?? '');

  const applySearch = (text: string) => {
    const trimmed = text.trim();
    if (trimmed === (value.search ?? '')) return;
    const { search: _dropped, ...rest } = value;
    onChange(trimmed ? { ...rest, search: trimmed } : rest);
  };

  useEffect(() => {
    const timer = setTimeout(() => applySearch(search), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  });

  const set = <K extends keyof QueueFilter>(key: K, v: QueueFilter[K] | undefined) => {
    const next = { ...value };
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete next[key];
    else next[key] = v;
    onChange(next);
  };

  return (
    <Space wrap size={[16, 8]} className="review-filters">
      <Input.Search
        ref={searchRef}
        allowClear
        style={{ width: 360 }}
        placeholder={t('review.queue.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onSearch={applySearch}
        data-testid="queue-search"
      />
      <Segmented
        value={value.due ?? 'all'}
        onChange={(v) => set('due', v === 'all' ? undefined : (v as DueFilter))}
        options={[
          { value: 'all', label: t('review.queue.dueAll') },
          ...(Object.keys(DUE_LABEL) as DueFilter[]).map((d) => ({ value: d, label: t(DUE_LABEL[d]) })),
        ]}
        data-testid="queue-due"
      />
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 200 }}
        placeholder={t('review.queue.statePlaceholder')}
        value={value.state ?? []}
        onChange={(v) => set('state', v)}
        options={CASE_STATES.map((s) => ({ value: s, label: t(`review.states.${s}`) }))}
        aria-label={t('review.queue.state')}
        data-testid="queue-state"
      />
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 160 }}
        placeholder={t('review.queue.riskPlaceholder')}
        value={value.risk ?? []}
        onChange={(v) => set('risk', v)}
        options={RISK_LEVELS.map((r) => ({ value: r, label: t(`review.risks.${r}`) }))}
        aria-label={t('review.queue.risk')}
        data-testid="queue-risk"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 150 }}
        placeholder={t('review.queue.assigneePlaceholder')}
        value={value.assignee}
        disabled={value.mine === true}
        onChange={(v?: string) => set('assignee', v)}
        options={assignees.map((a) => ({ value: a.id, label: a.displayName }))}
        aria-label={t('review.queue.assignee')}
      />
      <Space size={6}>
        <Switch
          checked={value.mine === true}
          onChange={(on) => set('mine', on || undefined)}
          aria-label={t('review.queue.mine')}
          data-testid="queue-mine"
        />
        <span>{t('review.queue.mine')}</span>
      </Space>
    </Space>
  );
});
