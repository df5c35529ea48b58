/** Error codes of docs/protocol.md §9: wire codes (sent in ERROR frames) and station-side codes. */
export const WireErrorCode = {
  UNKNOWN_TYPE: 0x0001,
  BAD_PAYLOAD: 0x0002,
  UNSUPPORTED_VERSION: 0x0003,
  BAD_STATE: 0x0004,
  IMAGE_BAD_SIGNATURE: 0x0010,
  IMAGE_WRONG_MODEL: 0x0011,
  IMAGE_DOWNGRADE: 0x0012,
  IMAGE_TOO_LARGE: 0x0013,
  IMAGE_BAD_HEADER: 0x0014,
  IMAGE_HASH_MISMATCH: 0x0015,
  FLASH_WRITE_FAILED: 0x0016,
  TEST_BOOT_PENDING: 0x0017,
  NOT_IN_TEST_BOOT: 0x0018,
  BLOCK_TOO_LARGE: 0x0019,
  DEVICE_FROZEN: 0x0030,
  DEVICE_TAMPERED: 0x0031,
  NOT_PRODUCTION_UNIT: 0x0032,
  ALREADY_BOUND: 0x0033,
  CARD_NOT_MASKED: 0x0034,
  UNFREEZE_REFUSED: 0x0035,
  RESET_WRONG_UNIT: 0x0036,
} as const;
export type WireErrorName = keyof typeof WireErrorCode;

export const STATION_ERROR_NAMES = [
  'TIMEOUT',
  'LINK_LOST',
  'RETRIES_EXHAUSTED',
  'PROTOCOL_VIOLATION',
  'PORT_NOT_FOUND',
  'PORT_UNAVAILABLE',
] as const;
export type StationErrorName = (typeof STATION_ERROR_NAMES)[number];

/** UNKNOWN_DEVICE_ERROR: a code this station does not know (a newer device); shown generically. */
export type DeviceErrorName = WireErrorName | StationErrorName | 'UNKNOWN_DEVICE_ERROR';

export interface ErrorSentence {
  readonly zh: string;
  readonly en: string;
}

/** Sentences a warehouse worker can act on; kept word for word in step with docs/protocol.md §9. */
export const ERROR_SENTENCES: Readonly<Record<DeviceErrorName, ErrorSentence>> = {
  UNKNOWN_TYPE: {
    zh: '终端不认识这条指令，请升级工作站软件后重试。',
    en: 'The terminal did not understand the command. Update the station software and try again.',
  },
  BAD_PAYLOAD: {
    zh: '终端收到的数据格式不对，请重试；多次失败请换一根数据线。',
    en: 'The terminal received malformed data. Try again; if it keeps failing, change the cable.',
  },
  UNSUPPORTED_VERSION: {
    zh: '终端的通信版本与工作站不兼容，请交给技术支持。',
    en: 'The terminal speaks a protocol version this station does not. Hand it to support.',
  },
  BAD_STATE: {
    zh: '操作顺序不对，请重新插拔终端后从头开始。',
    en: 'Steps happened out of order. Unplug the terminal, plug it back in and start again.',
  },
  IMAGE_BAD_SIGNATURE: {
    zh: '固件签名无效，不是官方固件，已拒绝写入，终端未受影响。',
    en: 'The firmware is not officially signed; it was refused and the terminal is unchanged.',
  },
  IMAGE_WRONG_MODEL: {
    zh: '固件与终端型号不匹配，请选择该型号的固件。',
    en: 'This firmware is for a different model. Choose the firmware for this model.',
  },
  IMAGE_DOWNGRADE: {
    zh: '不能降级到更旧的固件版本，请选择更新的固件。',
    en: 'The terminal cannot go back to older firmware. Choose a newer image.',
  },
  IMAGE_TOO_LARGE: {
    zh: '固件太大，装不进这台终端，请选择正确的固件。',
    en: 'The firmware is too large for this terminal. Choose the correct image.',
  },
  IMAGE_BAD_HEADER: {
    zh: '固件文件已损坏，请重新下载固件。',
    en: 'The firmware file is damaged. Download it again.',
  },
  IMAGE_HASH_MISMATCH: {
    zh: '写入后校验失败，请重新刷机；旧固件仍然可用。',
    en: 'The written firmware failed its check. Flash again; the old firmware still works.',
  },
  FLASH_WRITE_FAILED: {
    zh: '终端存储写入失败，请重试；多次失败请送修。',
    en: 'The terminal could not write to its memory. Try again; if it keeps failing, send it for repair.',
  },
  TEST_BOOT_PENDING: {
    zh: '终端正在试运行新固件，请先完成自检确认或回滚。',
    en: 'The terminal is trying out new firmware. Finish the self-test (confirm) or roll back first.',
  },
  NOT_IN_TEST_BOOT: {
    zh: '终端没有待确认的新固件，无需确认或回滚。',
    en: 'The terminal has no new firmware waiting to be confirmed or rolled back.',
  },
  BLOCK_TOO_LARGE: {
    zh: '固件分块太大，这台终端无法接收，请选择适配该型号的固件。',
    en: "The firmware's blocks are too large for this terminal. Choose firmware made for this model.",
  },
  DEVICE_FROZEN: {
    zh: '该终端已被冻结，不能绑定或使用，请交给技术支持。',
    en: 'This terminal is frozen and cannot be bound or used. Hand it to support.',
  },
  DEVICE_TAMPERED: {
    zh: '终端防拆开关已触发，不能发给商户，请隔离并送检。',
    en: "The terminal's tamper switch has been tripped. Do not ship it; set it aside for inspection.",
  },
  NOT_PRODUCTION_UNIT: {
    zh: '这是测试机或样机，不能绑定给商户。',
    en: 'This is a test or sample unit and cannot be bound to a merchant.',
  },
  ALREADY_BOUND: {
    zh: '该终端已绑定其他申请，请核对后再操作。',
    en: 'This terminal is already bound to another application. Check before continuing.',
  },
  CARD_NOT_MASKED: {
    zh: '结算卡号必须打码后才能写入终端。',
    en: 'The settlement card number must be masked before it is written to the terminal.',
  },
  UNFREEZE_REFUSED: {
    zh: '终端拒绝解冻：解冻令牌无效或已用过。请在持有登记签名密钥的工作站上由第二人重新解冻。',
    en: 'The terminal refused to unfreeze: the token is invalid or already used. Have a second person unfreeze it again at a station holding the registry signing key.',
  },
  RESET_WRONG_UNIT: {
    zh: '恢复出厂设置的序列号与终端不一致，未做任何更改，请核对工作台上的终端。',
    en: 'The factory reset named another serial; nothing was changed. Check which terminal is on the bench.',
  },
  TIMEOUT: {
    zh: '终端没有响应，请检查数据线和电源后重试。',
    en: 'The terminal is not answering. Check the cable and power, then try again.',
  },
  LINK_LOST: {
    zh: '终端连接已断开，请重新插好，工作站会从断点继续。',
    en: 'The terminal was disconnected. Plug it back in; the station will continue where it stopped.',
  },
  RETRIES_EXHAUSTED: {
    zh: '通信质量太差，请换一根数据线或换一个接口。',
    en: 'The connection is too unreliable. Try another cable or port.',
  },
  PROTOCOL_VIOLATION: {
    zh: '终端回复异常，请交给技术支持。',
    en: 'The terminal answered unexpectedly. Hand it to support.',
  },
  PORT_NOT_FOUND: {
    zh: '找不到这个端口，请检查端口名称，或确认终端已插好。',
    en: 'There is no such port. Check the port name, or that the terminal is plugged in.',
  },
  PORT_UNAVAILABLE: {
    zh: '无法打开这个端口：可能被其他程序占用或没有权限，请关闭占用它的程序后重试。',
    en: 'The port could not be opened: another program may be using it, or access is denied. Close that program and try again.',
  },
  UNKNOWN_DEVICE_ERROR: {
    zh: '终端报告了未知错误，请交给技术支持。',
    en: 'The terminal reported an unknown error. Hand it to support.',
  },
};

const nameByCode = new Map<number, WireErrorName>(
  (Object.entries(WireErrorCode) as [WireErrorName, number][]).map(([name, code]) => [code, name]),
);

export function wireErrorName(code: number): WireErrorName | undefined {
  return nameByCode.get(code);
}
