import { screen, within } from '@testing-library/react';
import { UnitCard } from '../../renderer/src/workspaces/provisioning/UnitCard';
import type { BoardUnit } from '../../renderer/src/workspaces/provisioning/types';
import type { Language } from '../../renderer/src/i18n';
import { renderWithStation } from './station';

/**
 * The card as the board shows it. The callbacks are the board's business; the card tests read only
 * what a person sees on the card, so the props are set in this one place.
 */
export async function showUnitCard(unit: BoardUnit, language: Language = 'zh-CN'): Promise<HTMLElement> {
  const noop = () => undefined;
  await renderWithStation(
    <UnitCard
      unit={unit}
      takenElsewhere={new Set()}
      demo={false}
      selected={false}
      onSelect={noop}
      onStart={noop}
      onEvidence={noop}
    />,
    { role: 'warehouse', language },
  );
  return screen.getByTestId('unit-card');
}

/** The card's Start button, in either language. */
export const startButton = (card: HTMLElement) =>
  within(card).getByRole<HTMLButtonElement>('button', { name: /开始生产|Provision/ });
