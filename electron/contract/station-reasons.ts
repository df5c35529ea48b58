/**
 * The provisioning station's own refusals and failures (not device error codes), in both languages.
 * Defined here, in the contract, because both the services (run failures, call errors
 * `devices.<code>`) and the renderer (translating those call errors) use them.
 */
export const STATION_SENTENCES = {
  application_not_approved: {
    zh: '该申请不存在或尚未审核通过，不能绑定终端。',
    en: 'This application does not exist or is not approved; the terminal cannot be bound to it.',
  },
  already_shipped: {
    zh: '该终端已发货，不能再次生产。返修或翻新请交给售后支持处理。',
    en: 'This terminal has already been shipped and cannot be provisioned again. Hand it to support for refurbishing.',
  },
  frozen_custody: {
    zh: '该终端已被售后冻结（挂失），不能生产或交还。请扣留终端，交给售后支持。',
    en: 'This terminal is frozen by support (reported lost or stolen): do not provision it or hand it back. Keep it and pass it to support.',
  },
  with_support: {
    zh: '该终端是售后返修机，有进行中的售后工单，不能在生产线上开始。请交给售后支持处理。',
    en: 'This terminal is a returned unit with an open after-sales case; it cannot be provisioned here. Pass it to support.',
  },
  scrapped: {
    zh: '该终端已报废，序列号已在登记表中注销，不能生产。请放入报废区。',
    en: 'This terminal was scrapped and its serial revoked in the registry; it cannot be provisioned. Put it in the scrap bin.',
  },
  refurbish_wrong_unit: {
    zh: '端口上的终端与售后工单的序列号不一致，未做任何更改。请核对工作台上的终端。',
    en: "The terminal on the port is not the after-sales case's unit; nothing was changed. Check which terminal is on the bench.",
  },
  reset_incomplete: {
    zh: '恢复出厂设置后终端仍保留商户绑定，不能回库。请交给主管。',
    en: "After the factory reset the unit still holds a merchant's binding; it cannot go back to stock. Tell your supervisor.",
  },
  already_bound: {
    zh: '该终端已绑定其他申请，不能再次生产。请交给售后支持处理。',
    en: 'This terminal is already bound to another application and cannot be provisioned again. Hand it to support.',
  },
  quarantined: {
    zh: '该终端未通过正品检测，已隔离锁定，不能重新开始。请放入隔离区并交给主管。',
    en: 'This terminal failed the genuine check and is locked in quarantine; it cannot be restarted. Put it in the quarantine bin and tell your supervisor.',
  },
  application_taken: {
    zh: '该申请已绑定另一台终端并已发货，请选择其他申请。',
    en: 'This application already has a shipped terminal. Choose another application.',
  },
  application_reserved: {
    zh: '该申请已分配给工作台上的另一台终端，一个申请只能配一台终端。',
    en: 'This application is already assigned to another terminal on the board; one application gets one terminal.',
  },
  application_per_unit: {
    zh: '批量和排队模式下，每台终端在卡片上单独选择申请，不能所有终端共用一个申请。',
    en: 'A batch or a queue binds each unit to the application picked for it; pick one per unit instead of one for all.',
  },
  box_not_scanned: {
    zh: '请先扫描包装盒上的二维码，再开始生产。',
    en: 'Scan the QR code on the box before starting.',
  },
  card_not_masked: {
    zh: '申请中的结算卡号未打码，不能写入终端，请交给审核员。',
    en: "The application's settlement card is not masked and cannot be written to the terminal. Hand it to a reviewer.",
  },
  selftest_failed: {
    zh: '终端自检未通过，新固件已回滚，请送修。',
    en: 'The terminal failed its self-test; the new firmware was rolled back. Send it for repair.',
  },
  boot_failed: {
    zh: '终端重启后没有运行新固件，请重新刷机。',
    en: 'After the restart the terminal is not running the new firmware. Flash it again.',
  },
  no_firmware: {
    zh: '没有适用于该型号的固件，请选择固件文件。',
    en: 'There is no firmware for this model. Choose a firmware file.',
  },
  interrupted: {
    zh: '生产过程中工作站意外退出，本次生产已中断。终端重新连接后会补记它的状态；请重新开始生产。',
    en: 'The station stopped in the middle of this run, so it was interrupted. What the terminal reports is added when it is connected again; start the run again.',
  },
  cancelled: {
    zh: '操作已取消。',
    en: 'Cancelled.',
  },
  hub_frozen: {
    zh: '中心登记表显示该终端已被冻结，不能绑定，请联系客服。',
    en: 'The hub registry says this terminal is frozen; it cannot be bound. Call support.',
  },
  hub_revoked: {
    zh: '中心登记表显示该终端已被吊销，不能绑定，请交给主管。',
    en: 'The hub registry says this terminal is revoked; it cannot be bound. Hand it to a supervisor.',
  },
  hub_scrapped: {
    zh: '中心登记表显示该终端已在其他工作站报废，序列号已注销，不能绑定。请放入报废区。',
    en: 'The hub registry says this terminal was scrapped (at some station) and its serial revoked; it cannot be bound. Put it in the scrap bin.',
  },
  hub_check_failed: {
    zh: '绑定前向中心核对终端状态失败，请稍后重试或交给技术支持。',
    en: 'Checking the terminal with the hub before binding failed; try again later or call support.',
  },
} as const;
