import { formatImageVersion } from '../../firmware/image-version';
import { reply, type Handler } from './handler';

/** §4: what the unit is and what state it is in. */
export const onIdentity: Handler<'identity'> = (ctx) => {
  const id = ctx.config.identity;
  const manifest = ctx.activeManifest();
  return reply({
    kind: 'identityInfo',
    model: id.model,
    hwRevision: id.hwRevision,
    serial: id.serial,
    bootloaderVersion: ctx.config.bootloaderVersion ?? '1.0.0',
    firmwareVersion: formatImageVersion(manifest.header.version),
    securityCounter: ctx.state.securityCounter,
    activeSlot: ctx.state.activeSlot,
    bootState: ctx.state.bootState,
    mode: id.mode,
    tamper: ctx.state.tamper,
    frozen: ctx.state.frozen,
    imei: ctx.config.breaks?.has('identity-bad-imei') ? `${id.imei}X` : id.imei,
    iccid: id.iccid,
    simActivationDate: ctx.state.simActivationDate,
    boundApplicationId: ctx.state.binding?.applicationId ?? '',
  });
};
