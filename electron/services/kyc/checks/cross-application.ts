import type { Application } from '../../../contract/domain/kyc/application';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';
import { identityKeysOf, plainKeyHasher, type IdentityKey, type KeyHasher } from './identity-keys';

/** From this many other applications on one phone, address or device it is "many" (ours). */
export const FRAUD_MANY_OTHER_APPLICATIONS = 3;
/** Application ids listed in evidence. */
export const FRAUD_SAMPLE_LIMIT = 10;

export interface KeyUsage {
  /** Other applications holding the same key value. */
  readonly applications: number;
  /** Distinct applicants (by ID-number hash) among them other than this applicant. */
  readonly otherApplicants: number;
  /** Up to `sampleLimit` of those applications' ids, oldest first. */
  readonly sampleApplicationIds: readonly string[];
}

export interface KeyUsageQuery {
  readonly excludeApplicationId: string;
  readonly applicantIdHash: string;
  readonly sampleLimit: number;
}

/**
 * What the fraud signals need to know about the other applications. The store answers it with
 * SQL over a (key, hash, application_id, applicant_hash) table; InMemoryApplicationIndex answers
 * it for tests and for checks within one bundle. Keys are hashed (see identityKeys).
 */
export interface ApplicationIndex {
  usage(key: IdentityKey, hash: string, query: KeyUsageQuery): KeyUsage;
}

interface IndexedUse {
  readonly applicationId: string;
  readonly applicantIdHash: string;
}

export class InMemoryApplicationIndex implements ApplicationIndex {
  private readonly uses = new Map<string, IndexedUse[]>();
  private readonly applications = new Set<string>();

  constructor(private readonly hasher: KeyHasher = plainKeyHasher) {}

  /** Adds an application; a resubmission under the same id replaces nothing and is counted once. */
  add(app: Application): void {
    if (this.applications.has(app.applicationId)) return;
    this.applications.add(app.applicationId);
    const keys = identityKeysOf(app, this.hasher);
    const applicantIdHash = keys.get('id_number') ?? '';
    for (const [key, hash] of keys) {
      const slot = `${key}:${hash}`;
      const list = this.uses.get(slot) ?? [];
      list.push({ applicationId: app.applicationId, applicantIdHash });
      this.uses.set(slot, list);
    }
  }

  usage(key: IdentityKey, hash: string, query: KeyUsageQuery): KeyUsage {
    const others = (this.uses.get(`${key}:${hash}`) ?? []).filter(
      (u) => u.applicationId !== query.excludeApplicationId,
    );
    return {
      applications: others.length,
      otherApplicants: new Set(
        others.filter((u) => u.applicantIdHash !== query.applicantIdHash).map((u) => u.applicantIdHash),
      ).size,
      sampleApplicationIds: others.slice(0, query.sampleLimit).map((u) => u.applicationId),
    };
  }
}

/**
 * Fraud signals across applications (DESIGN §1: agents file with forged material on other
 * people's behalf): the same ID, card or phone on another application, many applications from
 * one phone, address or device.
 */
export function crossApplicationFindings(
  app: Application,
  index: ApplicationIndex,
  hasher: KeyHasher = plainKeyHasher,
): Finding[] {
  const keys = identityKeysOf(app, hasher);
  const applicantIdHash = keys.get('id_number') ?? '';
  const query = { excludeApplicationId: app.applicationId, applicantIdHash, sampleLimit: FRAUD_SAMPLE_LIMIT };
  const usageOf = (key: IdentityKey): KeyUsage | null => {
    const hash = keys.get(key);
    return hash === undefined ? null : index.usage(key, hash, query);
  };
  const evidence = (u: KeyUsage) => ({
    otherApplications: u.applications,
    otherApplicants: u.otherApplicants,
    applicationIds: [...u.sampleApplicationIds],
  });

  const findings: Finding[] = [];
  const id = usageOf('id_number');
  if (id && id.applications > 0) {
    findings.push(
      finding(
        'fraud.id_number.duplicate',
        'warning',
        '同一身份证号码已有其他申请',
        'The same ID number is on another application',
        evidence(id),
      ),
    );
  }

  const card = usageOf('card_number');
  if (card && card.otherApplicants > 0) {
    findings.push(
      finding(
        'fraud.card.shared',
        'error',
        '该结算卡已被其他申请人使用',
        'The settlement card is used by another applicant',
        evidence(card),
      ),
    );
  } else if (card && card.applications > 0) {
    findings.push(
      finding(
        'fraud.card.duplicate',
        'warning',
        '该结算卡已用于其他申请',
        'The settlement card is on another application',
        evidence(card),
      ),
    );
  }

  const phone = usageOf('phone');
  if (phone && phone.applications >= FRAUD_MANY_OTHER_APPLICATIONS) {
    findings.push(
      finding(
        'fraud.phone.many',
        'error',
        '同一手机号提交了多份申请，疑似代办',
        'Many applications from one phone number: possibly an agent',
        {
          ...evidence(phone),
          threshold: FRAUD_MANY_OTHER_APPLICATIONS,
        },
      ),
    );
  } else if (phone && phone.applications > 0) {
    findings.push(
      finding(
        'fraud.phone.duplicate',
        'warning',
        '同一手机号已有其他申请',
        'The same phone number is on another application',
        evidence(phone),
      ),
    );
  }

  const address = usageOf('address');
  if (address && address.applications >= FRAUD_MANY_OTHER_APPLICATIONS) {
    findings.push(
      finding(
        'fraud.address.many',
        'warning',
        '同一地址提交了多份申请',
        'Many applications from one address',
        {
          ...evidence(address),
          threshold: FRAUD_MANY_OTHER_APPLICATIONS,
        },
      ),
    );
  }

  const device = usageOf('device');
  if (device && device.applications >= FRAUD_MANY_OTHER_APPLICATIONS) {
    findings.push(
      finding(
        'fraud.device.many',
        'error',
        '同一设备提交了多份申请，疑似代办',
        'Many applications from one device: possibly an agent',
        {
          ...evidence(device),
          threshold: FRAUD_MANY_OTHER_APPLICATIONS,
        },
      ),
    );
  } else if (device && device.otherApplicants > 0) {
    findings.push(
      finding(
        'fraud.device.shared',
        'warning',
        '同一设备曾为他人提交申请',
        "The device was used for another person's application",
        evidence(device),
      ),
    );
  }

  if (findings.length === 0) {
    findings.push(
      finding(
        'fraud.cross_application.ok',
        'info',
        '未发现与其他申请重复的身份证、银行卡、手机号、地址或设备',
        'No ID, card, phone, address or device shared with other applications',
        {
          checked: [...keys.keys()],
        },
      ),
    );
  }
  return findings;
}
