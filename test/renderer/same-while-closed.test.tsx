import { sameWhileClosed } from '../../renderer/src/workspaces/provisioning/use-stable';
import { boardUnit } from './board-units';

interface DialogProps {
  readonly open: boolean;
  readonly units: readonly unknown[];
  readonly onClose: () => void;
}

const same = sameWhileClosed<DialogProps>((p) => p.open);
const board = [boardUnit({ portId: 'p1' })];
const moved = [boardUnit({ portId: 'p1', state: 'running' })];

describe('sameWhileClosed (a dialog the board renders on every progress interval)', () => {
  it('takes a closed dialog as unchanged whatever its props, new handlers and a moved board included', () => {
    expect(
      same(
        { open: false, units: board, onClose: () => undefined },
        { open: false, units: moved, onClose: () => undefined },
      ),
    ).toBe(true);
  });

  it('renders an open dialog again when a prop changed, and not when none did', () => {
    const onClose = () => undefined;
    expect(same({ open: true, units: board, onClose }, { open: true, units: moved, onClose })).toBe(false);
    expect(same({ open: true, units: board, onClose }, { open: true, units: board, onClose })).toBe(true);
  });

  it('renders a dialog that opens or closes', () => {
    const onClose = () => undefined;
    expect(same({ open: false, units: board, onClose }, { open: true, units: board, onClose })).toBe(false);
    expect(same({ open: true, units: board, onClose }, { open: false, units: board, onClose })).toBe(false);
  });
});
