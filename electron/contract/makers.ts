import { z } from 'zod';
import { defineCall, type Role } from './define';
import {
  MAKER_MODELS_MAX,
  MAKER_NAME_MAX,
  MAKER_ROOT_PEM_MAX,
  MAKER_STATUSES,
  MODEL_MAX,
} from './domain/devices/makers';

/**
 * Terminal makers the genuine check trusts beside the built-in root (docs/terminal-makers.md):
 * one administrator proposes a maker, a second one approves it; withdrawing takes trust away at once.
 */

const ADMIN: readonly Role[] = ['admin'];
const makerId = z.string().regex(/^maker-[0-9a-f]{8}$/);

export const makerSchema = z.object({
  id: z.string(),
  name: z.string(),
  models: z.array(z.string()).readonly(),
  status: z.enum(MAKER_STATUSES),
  rootFingerprint: z.string(),
  rootPem: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
});
export type MakerView = z.infer<typeof makerSchema>;

export const makersCalls = {
  'makers.list': defineCall({
    summary: 'The terminal makers added to this station, with who proposed and who approved each',
    access: ADMIN,
    input: z.strictObject({}),
    output: z.object({ makers: z.array(makerSchema) }),
  }),
  'makers.propose': defineCall({
    summary:
      'Propose a terminal maker (root certificate, name, models); trusted only once a second admin approves',
    access: ADMIN,
    input: z.strictObject({
      name: z.string().trim().min(1).max(MAKER_NAME_MAX),
      rootPem: z.string().min(1).max(MAKER_ROOT_PEM_MAX),
      models: z.array(z.string().trim().min(1).max(MODEL_MAX)).min(1).max(MAKER_MODELS_MAX),
    }),
    output: z.object({ maker: makerSchema }),
  }),
  'makers.approve': defineCall({
    summary: 'Approve a proposed terminal maker (a second admin, never the proposer)',
    access: ADMIN,
    input: z.strictObject({ id: makerId }),
    output: z.object({ maker: makerSchema }),
  }),
  'makers.withdraw': defineCall({
    summary: 'Withdraw a terminal maker: its units are refused from now on',
    access: ADMIN,
    input: z.strictObject({ id: makerId, reason: z.string().trim().min(1).max(200) }),
    output: z.object({ maker: makerSchema }),
  }),
};
