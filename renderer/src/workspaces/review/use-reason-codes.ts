import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import type { ReasonCode, ReasonUse } from './types';

export interface ReasonCodes {
  readonly codes: readonly ReasonCode[];
  /** The codes a reviewer may give for this use, as select options in the operator's language. */
  optionsFor(use: ReasonUse): { value: string; label: string }[];
  label(code: string): string;
}

/** The fixed reason-code list from the station ('kyc.reasonCodes'), loaded once per view. */
export function useReasonCodes(): ReasonCodes {
  const { client } = useStation();
  const { i18n } = useTranslation();
  const [codes, setCodes] = useState<readonly ReasonCode[]>([]);

  useEffect(() => {
    let live = true;
    void client.call('kyc.reasonCodes', {}).then((r) => {
      if (live) setCodes(r.codes);
    });
    return () => {
      live = false;
    };
  }, [client]);

  const english = i18n.language === 'en';
  const text = (r: ReasonCode) => (english ? r.en : r.zh);
  return {
    codes,
    optionsFor: (use) =>
      codes.filter((r) => r.use.includes(use)).map((r) => ({ value: r.code, label: text(r) })),
    label: (code) => {
      const r = codes.find((c) => c.code === code);
      return r ? text(r) : code;
    },
  };
}
