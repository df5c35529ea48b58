/** The refurbish and scrap actions' words, zh-CN first; a stop's sentence comes from the station in both languages. */
export const refurbishZhCN = {
  title: '翻新回库',
  scrapTitle: '报废',
  port: '终端所在端口',
  portPlaceholder: '选择插着这台终端的端口',
  noPorts: '没有检测到终端：请用数据线接好返修机',
  run: '开始翻新',
  running: '正在翻新：正品校验 → 恢复出厂设置 → 刷入当前固件 → 自检 → 正品校验 → 回库',
  phase: '当前步骤：{{phase}}',
  done: '翻新完成，终端已回库',
  doneDetail:
    '终端 {{serial}} 已恢复出厂设置、刷入当前固件、自检与正品校验通过，登记为库存，可用于新的申请。',
  stopped: '翻新未完成，终端未回库',
  stoppedDetail: '停在“{{step}}”：{{sentence}}',
  evidence: '查看证据单',
  reason: '报废原因（至少 4 个字）',
  scrap: '报废并注销序列号',
  confirmTitle: '确认报废这台终端？',
  confirmBody: '序列号 {{serial}} 将在登记表中注销，之后不能再生产或发给商户，此操作不可撤销。',
  confirm: '确认报废',
  cancel: '取消',
  scrapped: '已报废，序列号已注销',
  scrappedDetail: '终端 {{serial}} 已报废，登记状态：{{status}}。',
  registry: { genuine: '正品', frozen: '已冻结', revoked: '已注销', none: '不在登记表中' },
};

export const refurbishEn: typeof refurbishZhCN = {
  title: 'Refurbish back to stock',
  scrapTitle: 'Scrap',
  port: 'Port the unit is on',
  portPlaceholder: 'Choose the port this unit is plugged into',
  noPorts: 'No terminal found: connect the returned unit with a data cable',
  run: 'Refurbish',
  running:
    'Refurbishing: genuine check → factory reset → current firmware → self-test → genuine check → back to stock',
  phase: 'Step: {{phase}}',
  done: 'Refurbished: the unit is back in stock',
  doneDetail:
    'Unit {{serial}} was factory reset, flashed with the current firmware, passed its self-test and genuine check, and is stock for a new application.',
  stopped: 'Refurbish not finished: the unit is not in stock',
  stoppedDetail: 'Stopped at "{{step}}": {{sentence}}',
  evidence: 'Evidence sheet',
  reason: 'Why it is scrapped (at least 4 characters)',
  scrap: 'Scrap and revoke the serial',
  confirmTitle: 'Scrap this unit?',
  confirmBody:
    'Serial {{serial}} will be revoked in the registry: it can never be provisioned or sent to a merchant again. This cannot be undone.',
  confirm: 'Scrap it',
  cancel: 'Cancel',
  scrapped: 'Scrapped: the serial is revoked',
  scrappedDetail: 'Unit {{serial}} is scrapped; registry status: {{status}}.',
  registry: { genuine: 'genuine', frozen: 'frozen', revoked: 'revoked', none: 'not in the registry' },
};
