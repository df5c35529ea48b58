import type { ReactNode } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { reasonLabel } from './format';
import type { EvidenceEntry } from './types';

type Json = EvidenceEntry['data'][string];
type JsonObject = { readonly [key: string]: Json };

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys the sheet says in words elsewhere (the sentence in the other language) or that say nothing to a person. */
const HIDDEN = new Set(['en', 'message_en', 'message_zh', 'kind']);

/** Nested objects whose fields are shown as if they were the step's own. */
const FLATTEN = new Set(['identity']);

const HEX = /^[0-9a-f]{24,}$/i;

function Hex({ value }: { value: string }) {
  return (
    <Tooltip title={value}>
      <span className="hex">
        {value.slice(0, 12)}…{value.slice(-8)}
      </span>
    </Tooltip>
  );
}

/** A genuine check's reasons, each in the operator's language. */
function reasonsText(reasons: readonly Json[], language: string): string | null {
  const texts = reasons.flatMap((r) => {
    if (!isObject(r)) return [];
    const text = language === 'en' ? r['message_en'] : r['message_zh'];
    return typeof text === 'string' ? [text] : [];
  });
  return texts.length > 0 ? texts.join(' ') : null;
}

/** Self-test results as "card_reader ✓ · nfc ✗ …". */
function resultsText(results: readonly Json[]): string | null {
  const parts = results.flatMap((r) =>
    isObject(r) && typeof r['component'] === 'string'
      ? [
          `${r['component']} ${r['result'] === 'pass' ? '✓' : r['result'] === 'fail' ? '✗' : String(r['result'])}`,
        ]
      : [],
  );
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * What the station saw at one step, as label / value pairs a person can read: hashes shortened,
 * yes/no in words, reasons as sentences; the raw JSON stays one click away on the sheet.
 */
export function EvidenceFacts({ data, only }: { data: EvidenceEntry['data']; only?: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const yes = t('provisioning.evidence.yes');
  const no = t('provisioning.evidence.no');

  const show = (key: string, value: Json): ReactNode => {
    if (value === null) return '—';
    if (typeof value === 'boolean') return value ? yes : no;
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      if (key === 'zh') return value;
      if (key === 'mode') return t(`provisioning.modes.${value}`, value);
      if (key === 'checkedOn') return t(`provisioning.checkedOn.${value}`, value);
      if (key === 'during') return t(`provisioning.phases.${value}`, value);
      // Codes (a verdict's, a refusal's) as words: never `chain_untrusted` on a screen.
      if (key === 'code' || key === 'verdict') return reasonLabel(value, t);
      return HEX.test(value) ? <Hex value={value} /> : value;
    }
    if (Array.isArray(value)) {
      if (key === 'reasons') return reasonsText(value, i18n.language) ?? '—';
      if (key === 'results') return resultsText(value) ?? JSON.stringify(value);
      if (value.every((v) => typeof v !== 'object' || v === null)) return value.map(String).join('、');
      return <span className="hex">{JSON.stringify(value)}</span>;
    }
    if (key === 'link' && isObject(value)) {
      return t('provisioning.evidence.linkValue', {
        baud: value['linkBaud'] ?? '—',
        window: value['window'] ?? '—',
        block: value['blockSize'] ?? '—',
        version: value['version'] ?? '—',
      });
    }
    return <span className="hex">{JSON.stringify(value)}</span>;
  };

  const rows: [string, Json][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (HIDDEN.has(key)) continue;
    // A failure's sentence: shown in the operator's language under one label.
    if (key === 'zh' && typeof data['en'] === 'string') {
      rows.push(['zh', i18n.language === 'en' ? data['en'] : value]);
      continue;
    }
    if (FLATTEN.has(key) && isObject(value)) {
      for (const [inner, v] of Object.entries(value)) if (!HIDDEN.has(inner)) rows.push([inner, v]);
      continue;
    }
    rows.push([key, value]);
  }
  const said = (value: Json) => !(Array.isArray(value) && value.length === 0);
  const shown = rows.filter(([key, value]) => said(value) && (!only || only.includes(key)));
  if (shown.length === 0) return null;
  return (
    <dl className="evidence-facts">
      {shown.map(([key, value], i) => (
        <div key={`${i}-${key}`} style={{ display: 'contents' }}>
          <dt>{t(`provisioning.evidence.facts.${key}`, key)}</dt>
          <dd>{show(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
