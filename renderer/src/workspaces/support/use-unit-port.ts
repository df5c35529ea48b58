import { useEffect, useEffectEvent, useState } from 'react';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useSupportError } from './use-support-error';

type BoardUnit = CallOutput<'devices.board'>['units'][number];

export interface UnitPort {
  /** The units on the station's ports (ports with no unit left out). */
  readonly units: readonly BoardUnit[];
  readonly portId: string | undefined;
  setPortId(portId: string): void;
}

/**
 * The port a case's unit is worked on from: the board is read while `enabled`, and the port that
 * holds the case's serial is chosen until the operator picks another.
 */
export function useUnitPort(serial: string, enabled = true): UnitPort {
  const { client } = useStation();
  const report = useEffectEvent(useSupportError());
  const [units, setUnits] = useState<BoardUnit[]>([]);
  const [portId, setPortId] = useState<string | undefined>();

  useEffect(() => {
    if (!enabled) return;
    client.call('devices.board', {}).then((board) => {
      const present = board.units.filter((u) => u.serial !== null);
      setUnits(present);
      setPortId((p) => p ?? present.find((u) => u.serial === serial)?.portId);
    }, report);
  }, [client, enabled, serial]);

  return { units, portId, setPortId };
}
