import { useState } from 'react';
import { App, Button, Space, Tooltip } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import type { RevealableField } from './types';

interface Props {
  readonly applicationId: string;
  readonly field: RevealableField;
  readonly masked: string;
  /** Only reviewers may reveal; others see the masked number only. */
  readonly canReveal: boolean;
}

/** A masked number with a "show" action; showing it asks first, because the station audits it. */
export function RevealNumber({ applicationId, field, masked, canReveal }: Props) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { modal } = App.useApp();
  const showError = useCallError('review');
  const [value, setValue] = useState<string | null>(null);

  const ask = () => {
    void modal.confirm({
      title: t('review.case.revealTitle'),
      content: `${t(`review.history.fields.${field}`)} ${masked} — ${t('review.case.revealBody')}`,
      okText: t('review.case.revealOk'),
      cancelText: t('review.case.cancel'),
      autoFocusButton: 'ok',
      onOk: async () => {
        try {
          setValue((await client.call('kyc.reveal', { applicationId, field })).value);
        } catch (error) {
          showError(error);
        }
      },
    });
  };

  if (value !== null) {
    return (
      <Tooltip title={t('review.case.revealed')}>
        <span className="review-mono review-revealed" data-testid={`revealed-${field}`}>
          {value}
        </span>
      </Tooltip>
    );
  }
  return (
    <Space size={8}>
      <span className="review-mono">{masked}</span>
      {canReveal && (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={ask} data-testid={`reveal-${field}`}>
          {t('review.case.reveal')}
        </Button>
      )}
    </Space>
  );
}
