import { allows, type EventSpec, type Role } from '../contract/define';
import { contractEvents, type EventName, type EventPayload } from '../contract';

export type EventListener = (name: EventName, payload: unknown) => void;

/**
 * Fan-out of service events to whoever carries them to a renderer (IPC or the loopback host).
 * Each subscriber states its role so an event is only delivered where the contract allows it.
 */
export class EventHub {
  private readonly listeners = new Set<{ role: () => Role | null; listener: EventListener }>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const spec = (contractEvents as Readonly<Record<string, EventSpec>>)[name];
    if (!spec) throw new Error(`Unknown event '${String(name)}'`);
    const checked = spec.payload.parse(payload);
    for (const entry of this.listeners) {
      if (allows(spec.access, entry.role())) entry.listener(name, checked);
    }
  }

  subscribe(role: () => Role | null, listener: EventListener): () => void {
    const entry = { role, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }
}
