import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStation } from './station-context';
import { visibleWorkspaces } from './workspaces';
import { isWorkspaceKey, type WorkspaceKey } from './workspace-access';
import { landingWorkspace, workspaceMemory } from './landing';
import { LanguageSwitch } from './LanguageSwitch';
import { calendarNotice } from './calendar-notice';
import { stationToday } from '../format/station-clock';
import { SyncHeader } from '../workspaces/sync/SyncHeader';
import { StyleWarmup } from './StyleWarmup';

const hashKey = () => location.hash.replace(/^#\/?/, '');

export function AppShell() {
  const { t } = useTranslation();
  const { operator, status, connected, signOut } = useStation();
  const workspaces = visibleWorkspaces(operator.role);
  const memory = useMemo(() => workspaceMemory(localStorage, operator.id), [operator.id]);
  const [current, setCurrent] = useState<WorkspaceKey>(() =>
    landingWorkspace(operator.role, memory.recall()),
  );

  // The hash follows the workspace (back/forward and reload work); the memory keeps the last one.
  useEffect(() => {
    if (hashKey() !== current) location.hash = `/${current}`;
    memory.remember(current);
  }, [current, memory]);

  useEffect(() => {
    const onHash = () => {
      const key = hashKey();
      if (isWorkspaceKey(key) && workspaces.some((w) => w.key === key)) setCurrent(key);
      else location.hash = `/${current}`; // a workspace this role does not see: stay where we are
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  });

  const active = workspaces.find((w) => w.key === current) ?? workspaces[0];
  const calendar = calendarNotice(status.calendarCoversUntil, stationToday());

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={64}>
        <div className="brand">{t('app.title')}</div>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          items={workspaces.map((w) => ({ key: w.key, icon: w.icon, label: t(`nav.${w.key}`) }))}
          onClick={({ key }) => {
            location.hash = `/${key}`;
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {active ? t(`nav.${active.key}`) : ''}
          </Typography.Title>
          <Space size="middle">
            {status.demo && <Tag color="orange">{t('app.demo')}</Tag>}
            <SyncHeader />
            <Badge
              status={connected ? 'success' : 'error'}
              text={connected ? t('app.connected') : t('app.disconnected')}
            />
            <span data-testid="operator">
              {t('app.signedInAs')}: <b>{operator.displayName}</b> · {t(`roles.${operator.role}`)}
            </span>
            <LanguageSwitch />
            <Button size="small" onClick={signOut}>
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        {calendar && (
          <Alert
            banner
            data-testid="calendar-notice"
            type={calendar.level}
            title={
              calendar.level === 'error'
                ? t('calendar.ended', { until: calendar.coversUntil })
                : t('calendar.ending', { until: calendar.coversUntil, days: calendar.daysLeft })
            }
          />
        )}
        <Layout.Content className="app-content">{active?.render()}</Layout.Content>
      </Layout>
      <StyleWarmup />
    </Layout>
  );
}
