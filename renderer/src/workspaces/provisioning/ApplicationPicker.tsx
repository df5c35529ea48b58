import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import type { BoardUnit } from './types';

interface Awaiting {
  readonly id: string;
  readonly nameMasked: string;
  readonly settlementCardMasked: string;
}

interface ApplicationPickerProps {
  readonly unit: BoardUnit;
  /** Applications picked for other units on the board: one application, one unit. */
  readonly takenElsewhere: ReadonlySet<string>;
}

/**
 * Picks the approved application waiting for a terminal that this unit goes to. A barcode scanner
 * types the order's id and presses Enter; a person searches by id or masked name. The station
 * checks the pick at once (devices.assign) and again before writing anything to the unit.
 */
export function ApplicationPicker({ unit, takenElsewhere }: ApplicationPickerProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useCallError('provisioning');
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<readonly Awaiting[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      client
        .call('devices.approvedApplications', query.trim() ? { query: query.trim() } : {})
        .then((r) => live && setOptions(r.applications))
        .catch(showError);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // showError is a fresh closure each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, open, query]);

  const assign = (applicationId: string | null) => {
    client.call('devices.assign', { portId: unit.portId, applicationId }).catch(showError);
  };

  const free = options.filter((a) => !takenElsewhere.has(a.id));
  return (
    <Select<string>
      className="application-picker"
      size="small"
      showSearch
      allowClear
      value={unit.applicationId ?? undefined}
      placeholder={t('provisioning.unit.pickApplication')}
      filterOption={false}
      onSearch={setQuery}
      onOpenChange={setOpen}
      onChange={(value) => assign(value ?? null)}
      onInputKeyDown={(e) => {
        // A scanner's Enter: take the exact id typed, even before the list has loaded.
        if (e.key !== 'Enter') return;
        const typed = query.trim().toUpperCase();
        if (typed && !free.some((a) => a.id === typed)) {
          e.preventDefault();
          assign(typed);
        }
      }}
      onClick={(e) => e.stopPropagation()}
      notFoundContent={null}
      options={free.map((a) => ({
        value: a.id,
        label: `${a.id} · ${a.nameMasked} · ${a.settlementCardMasked}`,
      }))}
      data-testid="application-picker"
      style={{ width: '100%' }}
    />
  );
}
