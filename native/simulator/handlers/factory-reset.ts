import type { DeviceState } from '../flash-store';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** The merchant's part of the state; the diagnosis reads add the journal to it (optional in older state files). */
type MerchantState = DeviceState & { journal?: unknown[]; nextJournalIndex?: number };

/**
 * §8.4: a refurbish wipes what belonged to the merchant — binding, settlement card and limits,
 * transaction counters, the journal — and keeps what belongs to the unit: identity key and
 * certificate, firmware slots and security counter, boot and tamper history, its service log.
 * A frozen unit is not reset (it must be unfrozen first), nor one trying out new firmware.
 */
export const onFactoryReset: Handler<'factoryReset'> = (ctx, m) => {
  const state = ctx.state as MerchantState;
  if (m.serial !== ctx.config.identity.serial) throw new Refusal('RESET_WRONG_UNIT', m.serial);
  if (state.frozen) throw new Refusal('DEVICE_FROZEN', state.freezeReason);
  if (state.bootState !== 'confirmed') throw new Refusal('TEST_BOOT_PENDING', state.bootState);
  const journalWiped = state.journal?.length ?? 0;
  state.binding = null;
  state.counters.transactions = 0;
  state.counters.transactionAmountFen = 0;
  state.counters.lastTransactionTime = 0;
  if (state.journal) state.journal = [];
  if (state.nextJournalIndex !== undefined) state.nextJournalIndex = 0;
  ctx.log('info', 0x0600, `factory reset: binding and ${journalWiped} journal entries wiped`);
  return reply({ kind: 'factoryResetAck', journalWiped });
};
