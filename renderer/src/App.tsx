import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { connectStation } from './bridge/connect';
import { alignWithStation } from './format/station-clock';
import type { StationStatus } from '../../electron/contract/station';
import type { Operator } from '../../electron/contract/context';
import { StationContext } from './shell/station-context';
import { AppShell } from './shell/AppShell';
import { SignIn } from './shell/SignIn';

interface Loaded {
  readonly status: StationStatus;
  /** null: nobody is signed in on this connection. */
  readonly session: { readonly operator: Operator; readonly mustChangePassword: boolean } | null;
}

export function App() {
  const { i18n } = useTranslation();
  const [connected, setConnected] = useState(false);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const client = useMemo(() => connectStation(setConnected, refresh), [refresh]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([client.call('station.status', {}), client.call('session.current', {})]).then(
      ([status, session]) => {
        alignWithStation(status.now);
        if (live) setLoaded({ status, session });
      },
    );
    return () => {
      live = false;
    };
  }, [client, generation]);

  const signOut = useCallback(() => {
    void client.call('session.signOut', {}).finally(refresh);
  }, [client, refresh]);

  let body;
  if (!loaded) {
    body = <Spin size="large" style={{ margin: '20vh auto', display: 'block' }} />;
  } else if (!loaded.session || loaded.session.mustChangePassword) {
    body = <SignIn client={client} mustChangePassword={loaded.session !== null} onDone={refresh} />;
  } else {
    const { status, session } = loaded;
    body = (
      <StationContext.Provider value={{ client, status, operator: session.operator, connected, signOut }}>
        {/* A new operator is a new shell: their own landing workspace, nothing kept from the last. */}
        <AppShell key={session.operator.id} />
      </StationContext.Provider>
    );
  }

  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUSLocale : zhCNLocale}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp>{body}</AntApp>
    </ConfigProvider>
  );
}
