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
import { visibleWorkspaceKeys, type WorkspaceKey } from './workspace-access';
import { SupportWorkspace } from '../workspaces/support/SupportWorkspace';

export type { WorkspaceKey } from './workspace-access';

export interface Workspace {
  readonly key: WorkspaceKey;
  readonly icon: ReactNode;
  readonly render: () => ReactNode;
}

const WORKSPACES: Readonly<Record<WorkspaceKey, Omit<Workspace, 'key'>>> = {
  provisioning: { icon: <UsbOutlined />, render: () => <ProvisioningWorkspace /> },
  review: { icon: <AuditOutlined />, render: () => <ReviewWorkspace /> },
  support: { icon: <ToolOutlined />, render: () => <SupportWorkspace /> },
  fees: { icon: <CalculatorOutlined />, render: () => <FeesWorkspace /> },
  settings: { icon: <SettingOutlined />, render: () => <SettingsWorkspace /> },
};

/** The workspaces a role sees (who sees what: `workspace-access.ts`). */
export function visibleWorkspaces(role: Role): Workspace[] {
  return visibleWorkspaceKeys(role).map((key) => ({ key, ...WORKSPACES[key] }));
}
