import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LanguageSwitch } from '../../renderer/src/shell/LanguageSwitch';
import { i18n } from '../../renderer/src/i18n';
import { renderWithStation } from './station';

describe('LanguageSwitch', () => {
  // Ant Design spaces two-character Chinese button labels (中 文) unless the app turns that off.
  it('offers the other language in its own words and switches to it, remembering the choice', async () => {
    await renderWithStation(<LanguageSwitch />);
    const button = screen.getByTestId('language-switch');
    expect(button.textContent).toBe('English');
    await userEvent.click(button);
    expect(i18n.language).toBe('en');
    expect(localStorage.getItem('pos-station.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    await waitFor(() => expect(screen.getByTestId('language-switch').textContent).toMatch(/^中 ?文$/));
  });
});
