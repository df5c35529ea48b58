import { useRef, useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EvidenceDrawer } from '../../renderer/src/workspaces/provisioning/EvidenceDrawer';
import { refusal, renderWithStation } from './station';

/** The board's part: a card's evidence button opens the sheet, the scan field takes the focus after. */
function BoardHost() {
  const [open, setOpen] = useState(false);
  const scan = useRef<HTMLInputElement>(null);
  return (
    <>
      <button onClick={() => setOpen(true)}>evidence</button>
      <input aria-label="scan" ref={scan} />
      <EvidenceDrawer
        target={open ? { runId: 'run-1' } : null}
        revision="r"
        onClose={() => setOpen(false)}
        onClosed={() => scan.current?.focus()}
      />
    </>
  );
}

describe('EvidenceDrawer', () => {
  it('closed with Escape, gives the focus to the board once it has closed (not back to its opener)', async () => {
    const user = userEvent.setup({ delay: null });
    await renderWithStation(<BoardHost />, {
      role: 'warehouse',
      handlers: { 'devices.evidence': () => Promise.reject(refusal('not_found', 'no such run')) },
    });
    await user.click(screen.getByRole('button', { name: 'evidence' }));
    await screen.findByText('这台终端还没有生产记录。');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(document.querySelector('.ant-drawer-open')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'scan' })));
  });
});
