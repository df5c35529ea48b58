import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { RevealNumber } from './RevealNumber';
import type { RevealableField } from './types';
import type { CaseView } from './types';

interface Props {
  readonly view: CaseView;
  readonly canReveal: boolean;
}

function period(from: string | null, to: string | null): string {
  return from && to ? `${from.slice(0, 10)} ~ ${to.slice(0, 10)}` : '—';
}

/** The form fields the reviewer compares with the documents: applicant, settlement card, business proof. */
export function ApplicantPanel({ view, canReveal }: Props) {
  const { t } = useTranslation();
  const id = view.summary.applicationId;
  const { applicant, settlementCard: card, businessProof: proof } = view;
  const nameMismatch = card.holderNameMasked !== applicant.nameMasked;
  const reveal = (field: RevealableField, masked: string) => (
    <RevealNumber applicationId={id} field={field} masked={masked} canReveal={canReveal} />
  );

  return (
    <div data-testid="applicant-panel">
      <Descriptions
        title={t('review.case.applicant')}
        column={1}
        size="small"
        bordered
        styles={{ label: { width: 110 } }}
        items={[
          { key: 'name', label: t('review.case.name'), children: applicant.nameMasked },
          {
            key: 'id',
            label: t('review.case.idNumber'),
            children: reveal('id_number', applicant.idMasked),
          },
          {
            key: 'validity',
            label: t('review.case.idValidity'),
            children: `${applicant.idValidFrom} ~ ${
              applicant.idValidTo === 'long_term' ? t('review.case.longTerm') : applicant.idValidTo
            }`,
          },
          {
            key: 'phone',
            label: t('review.case.phone'),
            children: reveal('phone', applicant.phoneMasked),
          },
          { key: 'address', label: t('review.case.address'), children: applicant.addressMasked },
        ]}
      />
      <Descriptions
        title={t('review.case.card')}
        column={1}
        size="small"
        bordered
        style={{ marginTop: 12 }}
        styles={{ label: { width: 110 } }}
        items={[
          {
            key: 'number',
            label: t('review.case.cardNumber'),
            children: reveal('card_number', card.numberMasked),
          },
          {
            key: 'holder',
            label: t('review.case.holderName'),
            children: (
              <span className={nameMismatch ? 'review-mismatch' : undefined}>{card.holderNameMasked}</span>
            ),
          },
          {
            key: 'class',
            label: t('review.case.accountClass'),
            children:
              card.bankReportedClass === 'II' ? (
                <Tag color="orange">{t('review.case.classII')}</Tag>
              ) : card.bankReportedClass === 'I' ? (
                t('review.case.classI')
              ) : (
                t('review.case.classUnknown')
              ),
          },
        ]}
      />
      <Descriptions
        title={`${t('review.case.proof')} · ${t(`review.case.proofTypes.${proof.type}`)}`}
        column={1}
        size="small"
        bordered
        style={{ marginTop: 12 }}
        styles={{ label: { width: 110 } }}
        items={
          proof.type === 'qr_records'
            ? [
                {
                  key: 'merchant',
                  label: t('review.case.merchantName'),
                  children: `${t(`review.case.providers.${proof.provider}`, { defaultValue: proof.provider })} · ${
                    proof.merchantName || '—'
                  }`,
                },
                { key: 'records', label: t('review.case.records'), children: proof.records },
                { key: 'period', label: t('review.case.period'), children: period(proof.from, proof.to) },
              ]
            : proof.type === 'bank_statement'
              ? [
                  { key: 'rows', label: t('review.case.statementRows'), children: proof.rows },
                  { key: 'period', label: t('review.case.period'), children: period(proof.from, proof.to) },
                ]
              : [
                  { key: 'issuer', label: t('review.case.issuer'), children: proof.issuer },
                  {
                    key: 'stamped',
                    label: t('review.case.stamped'),
                    children: proof.stamped ? (
                      t('review.case.yes')
                    ) : (
                      <Tag color="red">{t('review.case.no')}</Tag>
                    ),
                  },
                  { key: 'business', label: t('review.case.business'), children: proof.business || '—' },
                  {
                    key: 'valid',
                    label: t('review.case.validPeriod'),
                    children: `${proof.validFrom} ~ ${proof.validTo}`,
                  },
                ]
        }
      />
    </div>
  );
}
