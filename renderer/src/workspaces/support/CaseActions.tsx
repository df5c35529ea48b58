import { useState } from 'react';
import { App, Button, Card, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../electron/contract/support';
import { CAUSES } from '../../../../electron/contract/support';
import { useStation } from '../../shell/station-context';
import { useSupportError } from './use-support-error';

type Cause = CaseDetail['cause'] & string;

/** The next step: the moves the station allows from here, and the decision once diagnosed. */
export function CaseActions({
  detail,
  onChanged,
}: {
  detail: CaseDetail;
  onChanged: (next: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { message } = App.useApp();
  const showError = useSupportError();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [replacement, setReplacement] = useState('');
  const [cause, setCause] = useState<Cause | null>(detail.cause);
  const [decision, setDecision] = useState<CaseDetail['decisions'][number] | null>(null);

  const run = async (work: () => Promise<CaseDetail>, done: string) => {
    setBusy(true);
    try {
      const next = await work();
      void message.success(done);
      setNote('');
      onChanged(next);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  if (detail.nextStates.length === 0 && detail.decisions.length === 0) return null;
  const needsReplacement = detail.state === 'replacing';
  return (
    <Card
      size="small"
      title={t('support.case.next')}
      style={{ marginTop: 16 }}
      data-testid="support-case-actions"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          rows={1}
          maxLength={500}
          placeholder={t('support.case.stepNote')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {needsReplacement && (
          <Input
            className="support-mono"
            placeholder={t('support.case.replacementSerial')}
            value={replacement}
            onChange={(e) => setReplacement(e.target.value)}
          />
        )}
        {detail.nextStates.length > 0 && (
          <Space wrap>
            {detail.nextStates.map((to) => (
              <Button
                key={to}
                type="primary"
                loading={busy}
                onClick={() =>
                  void run(
                    () =>
                      client.call('support.move', {
                        caseId: detail.id,
                        to,
                        ...(note.trim() ? { note } : {}),
                        ...(needsReplacement ? { replacementSerial: replacement } : {}),
                      }),
                    t('support.case.moved', { state: t(`support.state.${to}`) }),
                  )
                }
              >
                {t('support.case.moveTo', { state: t(`support.state.${to}`) })}
              </Button>
            ))}
          </Space>
        )}
        {detail.decisions.length > 0 && (
          <>
            <Typography.Text strong>{t('support.case.decide')}</Typography.Text>
            <Space wrap>
              <Select<Cause>
                style={{ minWidth: 160 }}
                placeholder={t('support.case.cause')}
                value={cause ?? undefined}
                onChange={setCause}
                options={CAUSES.map((c) => ({ value: c, label: t(`support.cause.${c}`) }))}
                data-testid="support-cause"
              />
              <Select<CaseDetail['decisions'][number]>
                style={{ minWidth: 160 }}
                placeholder={t('support.case.decision')}
                value={decision ?? undefined}
                onChange={setDecision}
                options={detail.decisions.map((d) => ({ value: d, label: t(`support.decision.${d}`) }))}
                data-testid="support-decision"
              />
              <Button
                type="primary"
                disabled={cause === null || decision === null}
                loading={busy}
                onClick={() =>
                  cause !== null &&
                  decision !== null &&
                  void run(
                    () =>
                      client.call('support.decide', {
                        caseId: detail.id,
                        decision,
                        cause,
                        ...(note.trim() ? { note } : {}),
                      }),
                    t('support.case.decided'),
                  )
                }
              >
                {t('support.case.decideButton')}
              </Button>
            </Space>
          </>
        )}
      </Space>
    </Card>
  );
}
