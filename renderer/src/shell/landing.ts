import type { Role } from '../../../electron/contract/define';
import { isWorkspaceKey, visibleWorkspaceKeys, type WorkspaceKey } from './workspace-access';

/** Where each role's day starts: the work it is at the station for. */
export const HOME_WORKSPACE: Readonly<Record<Role, WorkspaceKey>> = {
  warehouse: 'provisioning',
  reviewer: 'review',
  senior_reviewer: 'review',
  support: 'support',
  support_lead: 'support',
  // The admin's own work is operators and station settings; every other workspace is one click away.
  admin: 'settings',
};

/** The storage the renderer already keeps the language in (localStorage), narrowed for tests. */
export interface PreferenceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const memoryKey = (operatorId: string) => `pos-station.workspace.${operatorId}`;

/**
 * The workspace an operator lands on after signing in: the one they were last in, if their role
 * still sees it, else their role's home. The address bar's hash is not consulted: after a sign-out
 * it still names the previous operator's workspace.
 */
export function landingWorkspace(role: Role, remembered: string | null): WorkspaceKey {
  if (remembered !== null && isWorkspaceKey(remembered) && visibleWorkspaceKeys(role).includes(remembered))
    return remembered;
  return HOME_WORKSPACE[role];
}

/** Per operator, so two people sharing one counter PC each come back to their own workspace. */
export function workspaceMemory(store: PreferenceStore, operatorId: string) {
  return {
    recall: (): string | null => store.getItem(memoryKey(operatorId)),
    remember: (key: WorkspaceKey): void => store.setItem(memoryKey(operatorId), key),
  };
}
