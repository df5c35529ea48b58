import type { CallContext, Operator } from '../../contract/context';
import { ContractError } from '../../contract/errors';
import type { devicesCalls } from '../../contract/devices';
import type { HandlersFor } from '../../contract/handler';
import type { RegistryCalls } from './registry/registry-calls';
import type { DevicesService } from './service';

/** Who did it, for evidence and audit: the signed-in operator's username. */
function actorOf(ctx: CallContext): string {
  return ctx.operator?.username ?? `${ctx.via}:unknown`;
}

function operatorOf(ctx: CallContext): Operator {
  if (ctx.operator === null) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.operator;
}

type RegistryCallNames =
  'devices.importManifest' | 'devices.registry' | 'devices.freeze' | 'devices.unfreeze';

/** The registry's calls, which need only the store: the station serves them, and so does the CLI. */
export function createRegistryHandlers(
  service: RegistryCalls,
): Pick<HandlersFor<typeof devicesCalls>, RegistryCallNames> {
  return {
    'devices.importManifest': (input, ctx) => {
      const format = input.format !== undefined ? { format: input.format } : {};
      return service.importManifest(
        'path' in input
          ? { path: input.path, ...format }
          : { text: input.text, source: input.source, ...format },
        actorOf(ctx),
      );
    },
    'devices.registry': (input) =>
      service.listRegistry({
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.batch !== undefined ? { batch: input.batch } : {}),
        limit: input.limit,
        offset: input.offset,
      }),
    'devices.freeze': (input, ctx) => service.freeze(input.serial, input.reason, operatorOf(ctx)),
    'devices.unfreeze': (input, ctx) => service.unfreeze(input.serial, input.reason, operatorOf(ctx)),
  };
}

export function createDevicesHandlers(service: DevicesService): HandlersFor<typeof devicesCalls> {
  return {
    ...createRegistryHandlers(service),
    'devices.board': (_input, ctx) => ({ ...service.board(), shift: service.shift(actorOf(ctx)) }),
    'devices.scan': (input) => service.scan(input.code, input.portId),
    'devices.assign': (input) => ({ unit: service.assign(input.portId, input.applicationId) }),
    'devices.provision': async (input, ctx) => {
      const { started, batch } = await service.provision(
        {
          ...(input.portId !== undefined ? { portId: input.portId } : {}),
          ...(input.firmware !== undefined ? { firmware: input.firmware } : {}),
          ...(input.applicationId !== undefined ? { applicationId: input.applicationId } : {}),
          ...(input.scannedSerial !== undefined ? { scannedSerial: input.scannedSerial } : {}),
          skipFlash: input.skipFlash,
          questionnaireAnswered: input.questionnaireAnswered,
          accountClass: input.accountClass,
          queue: input.queue,
        },
        actorOf(ctx),
      );
      return { started, batch };
    },
    'devices.evidence': (input) => service.evidence(input),
    'devices.exportEvidence': (input) => service.exportEvidence(input.runId, input.format),
    'devices.firmwareImages': () => ({ images: service.firmwareImages() }),
    'devices.approvedApplications': (input) => ({
      applications: service.applicationsAwaitingDevice(input.query),
    }),
  };
}
