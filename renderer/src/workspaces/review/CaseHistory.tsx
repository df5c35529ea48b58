import { Card, Col, Empty, List, Row, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useDocumentName } from './document-name';
import type { ReasonCodes } from './use-reason-codes';
import type { CaseView } from './types';

type HistoryEntry = CaseView['history'][number];

const ACTION_COLOR: Record<string, string> = {
  'kyc.case.approved': 'green',
  'kyc.case.first_approved': 'purple',
  'kyc.case.first_approved_elsewhere': 'purple',
  'kyc.case.rejected': 'red',
  'kyc.case.info_requested': 'orange',
  'kyc.pii.revealed': 'gray',
  'kyc.document.viewed': 'gray',
};

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** What one history entry adds beyond its action: which document and decision, which reasons, which number. */
function EntryDetail({
  entry,
  reasons,
  documentName,
}: {
  entry: HistoryEntry;
  reasons: ReasonCodes;
  documentName: (documentId: string, key: string) => string;
}) {
  const { t } = useTranslation();
  const d = entry.details;
  const doc = documentName(text(d.documentId) ?? '', text(d.document) ?? '');
  const parts: string[] = [];
  if (entry.action === 'kyc.document.decided') {
    parts.push(doc);
    parts.push(d.decision === 'accepted' ? t('review.docs.accepted') : t('review.docs.revisionNeeded'));
    const reason = text(d.reasonCode);
    if (reason) parts.push(reasons.label(reason));
  } else if (entry.action === 'kyc.document.viewed') {
    parts.push(doc);
  } else if (entry.action === 'kyc.case.decided_elsewhere') {
    // Who decided where: the outcome in the words of a decision taken here.
    parts.push(t(`review.history.actions.kyc_case_${text(d.to) ?? ''}`, { defaultValue: text(d.to) ?? '' }));
    parts.push(text(d.reviewer) ?? '', text(d.station) ?? '');
  } else if (
    entry.action === 'kyc.case.first_approved_elsewhere' ||
    entry.action === 'kyc.case.corrected_elsewhere'
  ) {
    // Who took the step where (the action's words say which step).
    parts.push(text(d.reviewer) ?? text(d.operator) ?? '', text(d.station) ?? '');
  } else if (entry.action === 'kyc.pii.revealed') {
    const field = text(d.field);
    if (field) parts.push(t(`review.history.fields.${field}`, { defaultValue: field }));
  } else if (Array.isArray(d.reasonCodes)) {
    parts.push(
      ...d.reasonCodes.filter((c): c is string => typeof c === 'string').map((c) => reasons.label(c)),
    );
  }
  const shown = parts.filter(Boolean);
  return shown.length > 0 ? <Typography.Text type="secondary"> · {shown.join(' · ')}</Typography.Text> : null;
}

/** The case's history from the audit log (who did what, when), its decisions and the SMS it caused. */
export function CaseHistory({ view, reasons }: { view: CaseView; reasons: ReasonCodes }) {
  const { t } = useTranslation();
  const nameOf = useDocumentName(view.documents);
  const documentName = (documentId: string, key: string) => {
    const doc = view.documents.find((d) => d.documentId === documentId);
    return doc ? nameOf(doc) : key;
  };
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('review.history.title')} data-testid="case-history">
          {view.history.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.history.none')} />
          ) : (
            <div className="review-history">
              <Timeline
                items={[...view.history].reverse().map((h) => ({
                  key: h.seq,
                  color: ACTION_COLOR[h.action] ?? 'blue',
                  content: (
                    <span>
                      <Typography.Text type="secondary" className="review-mono">
                        {shanghaiWallClock(h.at)}
                      </Typography.Text>{' '}
                      <b>{h.actor}</b>{' '}
                      {t(`review.history.actions.${h.action.replaceAll('.', '_')}`, {
                        defaultValue: h.action,
                      })}
                      <EntryDetail entry={h} reasons={reasons} documentName={documentName} />
                    </span>
                  ),
                }))}
              />
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('review.history.decisions')} data-testid="case-decisions">
          <List
            size="small"
            locale={{ emptyText: t('review.history.none') }}
            dataSource={view.decisions}
            renderItem={(d) => (
              <List.Item>
                <div>
                  <Tag color={d.kind === 'reject' ? 'red' : d.kind === 'request_info' ? 'orange' : 'green'}>
                    {t(`review.history.kinds.${d.kind}`)}
                  </Tag>
                  <b>{d.actorName}</b>{' '}
                  <Typography.Text type="secondary">{shanghaiWallClock(d.at)}</Typography.Text>
                  {d.reasonCodes.length > 0 && (
                    <div>{d.reasonCodes.map((c) => reasons.label(c)).join('；')}</div>
                  )}
                  {d.note && <Typography.Text type="secondary">{d.note}</Typography.Text>}
                </div>
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('review.history.sms')} style={{ marginTop: 12 }} data-testid="case-sms">
          <List
            size="small"
            locale={{ emptyText: t('review.history.none') }}
            dataSource={view.sms}
            renderItem={(s) => (
              <List.Item>
                <span>
                  {t(`review.history.smsTemplates.${s.template}`, { defaultValue: s.template })} →{' '}
                  <span className="review-mono">{s.phoneMasked}</span>{' '}
                  <Typography.Text type="secondary">{shanghaiWallClock(s.createdAt)}</Typography.Text>{' '}
                  {s.sentAt ? (
                    <Tag color="green">
                      {t('review.history.smsSent', { at: shanghaiWallClock(s.sentAt) })}
                    </Tag>
                  ) : (
                    <Tag>{t('review.history.smsPending')}</Tag>
                  )}
                </span>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
