import { ROLES } from '../../../electron/contract/define';
import { HOME_WORKSPACE, landingWorkspace, workspaceMemory } from '../../../renderer/src/shell/landing';
import { visibleWorkspaceKeys } from '../../../renderer/src/shell/workspace-access';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

function memoryStore() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('landing workspace', () => {
  it('lands each role on its own workspace the first time', () => {
    const landed = Object.fromEntries(ROLES.map((role) => [role, zhCN.nav[landingWorkspace(role, null)]]));
    expect(landed).toEqual({
      warehouse: '设备生产',
      reviewer: '进件审核',
      senior_reviewer: '进件审核',
      support: '售后支持',
      support_lead: '售后支持',
      admin: '设置',
    });
  });

  it("every role's home is a workspace that role sees", () => {
    for (const role of ROLES) expect(visibleWorkspaceKeys(role), role).toContain(HOME_WORKSPACE[role]);
  });

  it('comes back to the last workspace, per operator', () => {
    const store = memoryStore();
    const li = workspaceMemory(store, 'op-li');
    const wang = workspaceMemory(store, 'op-wang');
    li.remember('fees');
    expect(landingWorkspace('warehouse', li.recall())).toBe('fees');
    // Another warehouse worker on the same PC still starts at their own home.
    expect(landingWorkspace('warehouse', wang.recall())).toBe('provisioning');
    wang.remember('settings');
    expect(landingWorkspace('warehouse', li.recall())).toBe('fees');
  });

  it('ignores a remembered workspace the role no longer sees, or a damaged entry', () => {
    // An operator moved from support to reviewer: their old support workspace is not theirs now.
    expect(landingWorkspace('reviewer', 'support')).toBe('review');
    expect(landingWorkspace('warehouse', 'review')).toBe('provisioning');
    expect(landingWorkspace('support', '../settings')).toBe('support');
    expect(landingWorkspace('support', '')).toBe('support');
  });
});
