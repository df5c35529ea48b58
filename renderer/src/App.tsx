import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { connectStation } from './bridge/connect';
import type { StationStatus } from '../../electron/contract/station';
import type { Operator } from '../../electron/contract/context';
import { StationContext } from './shell/station-context';
import { AppShell } from './shell/AppShell';
import { SignIn } from './shell/SignIn';

interface SessionView {
  readonly operator: Operator | null;
  readonly mustChangePassword: boolean;
}

export function App() {
  const { i18n } = useTranslation();
  const [connected, setConnected] = useState(false);
  const client = useMemo(() => connectStation(setConnected), []);
  const [status, setStatus] = useState<StationStatus | null>(null);
  const [session, setSession] = useState<SessionView | null>(null);

  const refresh = useCallback(async () => {
    const [s, current] = await Promise.all([
      client.call('station.status', {}),
      client.call('session.current', {}),
    ]);
    setStatus(s);
    setSession(current);
  }, [client]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signOut = useCallback(() => {
    void client.call('session.signOut', {}).finally(() => void refresh());
  }, [client, refresh]);

  let body;
  if (!status || !session) {
    body = <Spin size="large" style={{ margin: '20vh auto', display: 'block' }} />;
  } else if (!session.operator || session.mustChangePassword) {
    body = (
      <SignIn client={client} mustChangePassword={session.mustChangePassword} onDone={() => void refresh()} />
    );
  } else {
    body = (
      <StationContext.Provider value={{ client, status, operator: session.operator, connected, signOut }}>
        <AppShell />
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
