import { reply, type Handler } from './handler';

/** §6.6: answered first, then the runtime restarts the unit. */
export const onReboot: Handler<'reboot'> = () => reply({ kind: 'rebootAck' }, { kind: 'reboot' });
