import { z } from 'zod';
import { recordChange } from '../changes';
import { enqueueMessage } from '../outbox/outbox';
import { refuse } from '../refusals';
import { iso, type Json, type KindHandler } from './types';
import { parsePayload } from './validate';
import { formatDay, shanghaiDayOf } from '../../electron/services/calendar/shanghai-time';

/** DESIGN §1: a schedule version cannot take effect less than 30 days after it was announced. */
export const FEE_NOTICE_DAYS = 30;

const publishSchema = z.object({
  version: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'a version name (letters, digits, . _ -)'),
  effectiveFrom: z.iso.datetime({ offset: true }),
  schedule: z.record(z.string(), z.json()),
});

export const feeKinds: Record<string, KindHandler> = {
  'fees.publish': {
    roles: ['admin'],
    async apply(ctx, m) {
      const p = parsePayload(publishSchema, m);
      // The hub clock announces: "now" is the database's, the same for every hub process.
      const [t] = await ctx.q.query<{ earliest: Date; ok: boolean }>(
        `SELECT now() + make_interval(days => $2) AS earliest, $1::timestamptz >= now() + make_interval(days => $2) AS ok`,
        [p.effectiveFrom, FEE_NOTICE_DAYS],
      );
      if (!t!.ok) throw refuse.feeNoticeTooShort(p.version, iso(t!.earliest)!);
      const inserted = await ctx.q.query<{ announced_at: Date }>(
        `INSERT INTO hub_fee_schedules (version, effective_from, schedule, published_by)
         VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING RETURNING announced_at`,
        [p.version, p.effectiveFrom, JSON.stringify(p.schedule), ctx.operator.username],
      );
      if (inserted.length === 0) throw refuse.feeVersionExists(p.version);
      const view: Json = {
        version: p.version,
        announcedAt: iso(inserted[0]!.announced_at),
        effectiveFrom: iso(p.effectiveFrom),
        schedule: p.schedule as Json,
      };
      await recordChange(ctx.q, 'fee_schedule', p.version, view);
      await enqueueMessage(ctx.q, {
        idempotencyKey: `notice:fees:${p.version}`,
        channel: 'notice',
        recipient: 'all-merchants',
        caseId: null,
        body: `【POS】费率将于 ${formatDay(shanghaiDayOf(Date.parse(p.effectiveFrom)))} 起调整（版本 ${p.version}），详情见商户 App。`,
      });
      return view;
    },
  },
};
