/** The freeze list's words (冻结清单), zh-CN first. */
export const freezeListZhCN = {
  intro:
    '所有挂失冻结，包括仍在冻结中的和已解冻的，最新的在前。输入序列号（可只输开头）即筛选；扫描机身二维码或输完整序列号后回车，直接打开该终端页；点一行也可打开。',
  scanPlaceholder: '扫描机身二维码或输入序列号，回车查找',
  search: '查找',
  filter: { active: '冻结中', lifted: '已解冻', all: '全部' },
  summary: '显示第 {{from}}–{{to}} 条，共 {{total}} 条（冻结中 {{active}} 条，已解冻 {{lifted}} 条）',
  none: '没有符合条件的冻结记录',
  col: {
    serial: '序列号',
    state: '状态',
    reason: '冻结原因',
    frozen: '冻结人 / 时间（北京时间）',
    lifted: '解冻人 / 时间 / 原因',
    unit: '终端本机',
    hub: '同步中心',
  },
  state: { active: '冻结中', lifted: '已解冻' },
  notLifted: '—',
  atHub: '（在其他工作站，经同步中心）',
  unit: {
    frozen: '终端已冻结',
    awaiting_freeze: '终端尚未收到：下次连接任一工作站时冻结',
    unfrozen: '终端已解冻',
    awaiting_unfreeze: '终端仍处于冻结：需接到持有登记库密钥的工作站解冻',
    never_frozen: '终端从未收到冻结，无需处理',
  },
  hub: {
    sending: '尚未送达同步中心',
    agrees: '同步中心已记录',
    differs: '同步中心记录不同：{{status}}',
    unknown: '同步中心尚无此终端记录',
  },
  hubStatus: { active: '正常', frozen: '已冻结', revoked: '已注销' },
  standalone: '本工作站未接入同步中心：冻结只在本站登记库生效，终端连到本站时执行。',
};

export const freezeListEn: typeof freezeListZhCN = {
  intro:
    'Every freeze of a lost or stolen unit, in force and lifted, newest first. Typing a serial (its beginning is enough) filters the list; scan the box QR code or type a whole serial and press Enter to open that unit page; a row click opens it too.',
  scanPlaceholder: 'Scan the box QR code or type a serial, Enter to find',
  search: 'Find',
  filter: { active: 'Frozen now', lifted: 'Lifted', all: 'All' },
  summary: 'Showing {{from}}–{{to}} of {{total}} ({{active}} frozen now, {{lifted}} lifted)',
  none: 'No freeze matches',
  col: {
    serial: 'Serial',
    state: 'State',
    reason: 'Why it was frozen',
    frozen: 'Frozen by / at (Shanghai time)',
    lifted: 'Lifted by / at / why',
    unit: 'On the unit',
    hub: 'Sync hub',
  },
  state: { active: 'Frozen', lifted: 'Lifted' },
  notLifted: '—',
  atHub: '(at another station, via the hub)',
  unit: {
    frozen: 'Unit has frozen itself',
    awaiting_freeze: 'Unit not told yet: it freezes the next time it connects to any station',
    unfrozen: 'Unit has unfrozen itself',
    awaiting_unfreeze: 'Unit still frozen: connect it to a station holding the registry key to unfreeze it',
    never_frozen: 'Unit never took the freeze: nothing to undo',
  },
  hub: {
    sending: 'Not at the sync hub yet',
    agrees: 'Sync hub has it',
    differs: 'Sync hub shows otherwise: {{status}}',
    unknown: 'Sync hub has no record of this unit yet',
  },
  hubStatus: { active: 'in use', frozen: 'frozen', revoked: 'revoked' },
  standalone:
    'This station is not connected to a sync hub: freezes hold in this station’s registry and reach a unit when it connects here.',
};
