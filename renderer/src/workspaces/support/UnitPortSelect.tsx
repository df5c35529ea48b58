import { Select } from 'antd';
import type { UnitPort } from './use-unit-port';

/** The port picker of a support panel: each port with a unit, by its label and the unit's serial. */
export function UnitPortSelect({
  port,
  label,
  placeholder,
  noPorts,
}: {
  port: UnitPort;
  label: string;
  placeholder: string;
  /** Shown instead of the placeholder when no port holds a unit. */
  noPorts: string;
}) {
  return (
    <Select
      style={{ minWidth: 320 }}
      aria-label={label}
      placeholder={port.units.length === 0 ? noPorts : placeholder}
      value={port.portId}
      onChange={port.setPortId}
      options={port.units.map((u) => ({ value: u.portId, label: `${u.label} · ${u.serial ?? ''}` }))}
    />
  );
}
