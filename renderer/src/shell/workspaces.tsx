import type { ReactNode } from 'react';
import {
  AuditOutlined,
  CalculatorOutlined,
  SettingOutlined,
  ToolOutlined,
  UsbOutlined,
} from '@ant-design/icons';
import type { Role } from '../../../electron/contract/define';
import { FeesWorkspace } from '../workspaces/fees/FeesWorkspace';
import { SettingsWorkspace } from '../workspaces/settings/SettingsWorkspace';
import { ReviewWorkspace } from '../workspaces/review/ReviewWorkspace';
import { ProvisioningWorkspace } from '../workspaces/provisioning/ProvisioningWorkspace';
import { SupportWorkspace } from '../workspaces/support/SupportWorkspace';

export type WorkspaceKey = 'provisioning' | 'review' | 'support' | 'fees' | 'settings';

export interface Workspace {
  readonly key: WorkspaceKey;
  readonly icon: ReactNode;
  /** Who sees it in the navigation; main enforces the same roles on every call. */
  readonly roles: readonly Role[] | 'all';
  readonly render: () => ReactNode;
}

export const WORKSPACES: readonly Workspace[] = [
  {
    key: 'provisioning',
    icon: <UsbOutlined />,
    roles: ['warehouse', 'support', 'admin'],
    render: () => <ProvisioningWorkspace />,
  },
  {
    key: 'review',
    icon: <AuditOutlined />,
    roles: ['reviewer', 'senior_reviewer', 'admin'],
    render: () => <ReviewWorkspace />,
  },
  {
    key: 'support',
    icon: <ToolOutlined />,
    roles: ['support', 'admin'],
    render: () => <SupportWorkspace />,
  },
  { key: 'fees', icon: <CalculatorOutlined />, roles: 'all', render: () => <FeesWorkspace /> },
  { key: 'settings', icon: <SettingOutlined />, roles: 'all', render: () => <SettingsWorkspace /> },
];

export function visibleWorkspaces(role: Role): Workspace[] {
  return WORKSPACES.filter((w) => w.roles === 'all' || w.roles.includes(role));
}
