import type { Migration } from '../migration';
import { migration as m0001 } from './0001_station';
import { migration as m0002 } from './0002_accounts_audit';
import { migration as m0003 } from './0003_devices';
import { migration as m0004 } from './0004_kyc';
import { migration as m0005 } from './0005_provisioning';
import { migration as m0010 } from './0010_support';
import { migration as m0011 } from './0011_support_diagnoses';
import { migration as m0012 } from './0012_support_freezes';
import { migration as m0030 } from './0030_makers';
import { migration as m0031 } from './0031_refurbish';
import { migration as m0033 } from './0033_notice_outbox';
import { migration as m0036 } from './0036_offline_signin_lockouts';
import { migration as m0037 } from './0037_kyc_document_drops';
import { migration as m0038 } from './0038_device_hub_outbox';
import { migration as m0039 } from './0039_station_outbox';
import { migration as m0040 } from './0040_kyc_claimed_from';
import { migration as m0041 } from './0041_kyc_review_copies';

/** Every shipped migration, in order. Add new files here; never edit a shipped one. */
export const migrations: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0010,
  m0011,
  m0012,
  m0030,
  m0031,
  m0033,
  m0036,
  m0037,
  m0038,
  m0039,
  m0040,
  m0041,
];
