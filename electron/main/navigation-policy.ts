import type { WebContents } from 'electron';
import { isAppUrl } from './app-protocol';

/** Nothing the renderer shows may take it elsewhere: no navigation off the app, no new windows, no webviews. */
export function installNavigationPolicy(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
