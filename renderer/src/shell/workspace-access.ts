import type { Role } from '../../../electron/contract/define';

export type WorkspaceKey = 'provisioning' | 'review' | 'support' | 'fees' | 'settings';

/**
 * Who sees each workspace in the navigation, in menu order; main enforces the same roles on every
 * call, so this only decides what is offered. Kept free of React so the landing rule can be tested.
 */
export const WORKSPACE_ROLES: Readonly<Record<WorkspaceKey, readonly Role[] | 'all'>> = {
  provisioning: ['warehouse', 'support', 'support_lead', 'admin'],
  review: ['reviewer', 'senior_reviewer', 'admin'],
  support: ['support', 'support_lead', 'admin'],
  fees: 'all',
  settings: 'all',
};

export const WORKSPACE_KEYS = Object.keys(WORKSPACE_ROLES) as WorkspaceKey[];

export function visibleWorkspaceKeys(role: Role): WorkspaceKey[] {
  return WORKSPACE_KEYS.filter((key) => {
    const roles = WORKSPACE_ROLES[key];
    return roles === 'all' || roles.includes(role);
  });
}

export function isWorkspaceKey(text: string): text is WorkspaceKey {
  return (WORKSPACE_KEYS as readonly string[]).includes(text);
}
