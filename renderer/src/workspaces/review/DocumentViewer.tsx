import { useMemo, useState } from 'react';
import { Button, Card, Empty, Space, Spin, Tabs, Tag, Tooltip } from 'antd';
import {
  CheckOutlined,
  EditOutlined,
  LeftOutlined,
  RightOutlined,
  RotateRightOutlined,
  UndoOutlined,
  ZoomInOutlined,
  ZoomOutOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { DocumentContent } from './DocumentContent';
import { inReviewOrder, useDocumentName } from './document-name';
import { RevisionDialog, type RevisionValues } from './RevisionDialog';
import { useDocument } from './use-document';
import type { ReasonCodes } from './use-reason-codes';
import { useCallError } from '../../shell/use-call-error';
import { useShortcuts } from './use-shortcuts';
import type { CaseDocument, CaseView } from './types';

interface Props {
  readonly view: CaseView;
  /** Reviewers may open documents (each view is audited); admins see the list only. */
  readonly canView: boolean;
  /** The operator holds the case: documents can be decided. */
  readonly canDecide: boolean;
  readonly reasons: ReasonCodes;
  readonly onChanged: () => void;
}

const EXTENSION: Record<string, string> = {
  'application/pdf': '.pdf',
  'text/csv': '.csv',
  'image/png': '.png',
  'image/jpeg': '.jpg',
};

const ZOOM_STEPS = [0.5, 0.75, 1, 1.5, 2, 3, 4] as const;
const DEFAULT_ZOOM_STEP = 2;

function DecisionTag({ doc, reasons }: { doc: CaseDocument; reasons: ReasonCodes }) {
  const { t } = useTranslation();
  if (doc.decision === 'accepted') return <Tag color="success">{t('review.docs.accepted')}</Tag>;
  if (doc.decision === 'needs_revision') {
    return (
      <Tooltip title={doc.reasonCode ? reasons.label(doc.reasonCode) : undefined}>
        <Tag color="error">{t('review.docs.revisionNeeded')}</Tag>
      </Tooltip>
    );
  }
  return <Tag>{t('review.docs.undecided')}</Tag>;
}

/** Row numbers the pass-through check flagged, to highlight in the statement. */
function flaggedRowsOf(view: CaseView): Set<number> {
  const rows = new Set<number>();
  for (const f of view.findings) {
    if (f.submission !== view.summary.submission) continue;
    const pairs = f.evidence.flaggedRows;
    if (!Array.isArray(pairs)) continue;
    for (const pair of pairs) {
      if (typeof pair !== 'object' || pair === null || Array.isArray(pair)) continue;
      for (const side of [pair.in, pair.out]) {
        if (
          typeof side === 'object' &&
          side !== null &&
          !Array.isArray(side) &&
          typeof side.row === 'number'
        ) {
          rows.add(side.row);
        }
      }
    }
  }
  return rows;
}

/**
 * The current submission's documents, one at a time: zoom and rotate images, read statements,
 * download PDFs; and the per-document decision (accepted / needs revision with a reason).
 * Keys: [ and ] switch documents, + - R 0 zoom and rotate, A accepts, V marks for revision.
 */
export function DocumentViewer({ view, canView, canDecide, reasons, onChanged }: Props) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useCallError('review');
  const nameOf = useDocumentName(view.documents);
  const documents = useMemo(() => inReviewOrder(view.documents.filter((d) => d.current)), [view.documents]);
  const [index, setIndex] = useState(0);
  const [zoomStep, setZoomStep] = useState(DEFAULT_ZOOM_STEP);
  const [rotation, setRotation] = useState(0);
  const [revising, setRevising] = useState(false);
  const [busy, setBusy] = useState(false);
  const flaggedRows = useMemo(() => flaggedRowsOf(view), [view]);
  const applicationId = view.summary.applicationId;

  const current = documents[Math.min(index, documents.length - 1)] ?? null;
  const loaded = useDocument(applicationId, canView && current ? current.documentId : null, showError);

  const select = (next: number) => {
    if (documents.length === 0) return;
    setIndex((next + documents.length) % documents.length);
    setZoomStep(DEFAULT_ZOOM_STEP);
    setRotation(0);
  };

  const decide = async (decision: 'accepted' | 'needs_revision', revision?: RevisionValues) => {
    if (!current) return;
    setBusy(true);
    try {
      await client.call('kyc.decideDocument', {
        applicationId,
        documentId: current.documentId,
        decision,
        ...(revision
          ? { reasonCode: revision.reasonCode, ...(revision.note ? { note: revision.note } : {}) }
          : {}),
      });
      setRevising(false);
      onChanged();
      // Accepting moves on to the next undecided document, so a reviewer can work with A alone.
      if (decision === 'accepted') {
        const nextOpen = documents.findIndex((d, i) => i > index && d.decision === null);
        if (nextOpen >= 0) select(nextOpen);
      }
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  useShortcuts(
    {
      '[': () => select(index - 1),
      ']': () => select(index + 1),
      '+': () => setZoomStep((z) => Math.min(z + 1, ZOOM_STEPS.length - 1)),
      '=': () => setZoomStep((z) => Math.min(z + 1, ZOOM_STEPS.length - 1)),
      '-': () => setZoomStep((z) => Math.max(z - 1, 0)),
      r: () => setRotation((r) => (r + 90) % 360),
      '0': () => {
        setZoomStep(DEFAULT_ZOOM_STEP);
        setRotation(0);
      },
      a: () => {
        if (canDecide && !busy) void decide('accepted');
      },
      v: () => {
        if (canDecide) setRevising(true);
      },
    },
    !revising,
  );

  const isImage = loaded?.kind === 'image';
  const name = current ? nameOf(current) : '';

  return (
    <Card
      size="small"
      title={t('review.docs.title')}
      data-testid="document-viewer"
      extra={
        <Space size={4}>
          <Tooltip title={t('review.docs.previous')}>
            <Button
              size="small"
              icon={<LeftOutlined />}
              onClick={() => select(index - 1)}
              aria-label={t('review.docs.previous')}
            />
          </Tooltip>
          <Tooltip title={t('review.docs.next')}>
            <Button
              size="small"
              icon={<RightOutlined />}
              onClick={() => select(index + 1)}
              aria-label={t('review.docs.next')}
            />
          </Tooltip>
          <Tooltip title={t('review.docs.zoomOut')}>
            <Button
              size="small"
              icon={<ZoomOutOutlined />}
              disabled={!isImage}
              onClick={() => setZoomStep((z) => Math.max(z - 1, 0))}
              aria-label={t('review.docs.zoomOut')}
            />
          </Tooltip>
          <Tooltip title={t('review.docs.zoomIn')}>
            <Button
              size="small"
              icon={<ZoomInOutlined />}
              disabled={!isImage}
              onClick={() => setZoomStep((z) => Math.min(z + 1, ZOOM_STEPS.length - 1))}
              aria-label={t('review.docs.zoomIn')}
              data-testid="zoom-in"
            />
          </Tooltip>
          <Tooltip title={t('review.docs.rotate')}>
            <Button
              size="small"
              icon={<RotateRightOutlined />}
              disabled={!isImage}
              onClick={() => setRotation((r) => (r + 90) % 360)}
              aria-label={t('review.docs.rotate')}
              data-testid="rotate"
            />
          </Tooltip>
          <Tooltip title={t('review.docs.reset')}>
            <Button
              size="small"
              icon={<UndoOutlined />}
              disabled={!isImage}
              onClick={() => {
                setZoomStep(DEFAULT_ZOOM_STEP);
                setRotation(0);
              }}
              aria-label={t('review.docs.reset')}
            />
          </Tooltip>
        </Space>
      }
    >
      <Tabs
        size="small"
        activeKey={current?.documentId}
        onChange={(key) => select(documents.findIndex((d) => d.documentId === key))}
        items={documents.map((d) => ({
          key: d.documentId,
          label: (
            <span data-testid="document-tab">
              {nameOf(d)} <DecisionTag doc={d} reasons={reasons} />
            </span>
          ),
        }))}
      />
      <div className="review-doc-stage">
        {!canView ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.docs.reviewersOnly')} />
        ) : loaded ? (
          <DocumentContent
            doc={loaded}
            name={name}
            fileName={`${view.summary.applicationId}-${current?.key ?? 'document'}${EXTENSION[loaded.mimeType] ?? ''}`}
            zoom={ZOOM_STEPS[zoomStep] ?? 1}
            rotation={rotation}
            flaggedRows={flaggedRows}
          />
        ) : (
          current && <Spin description={t('review.docs.loading')}>{<div style={{ height: 200 }} />}</Spin>
        )}
      </div>
      {current && canDecide && (
        <Space style={{ marginTop: 12 }} wrap>
          <Tooltip title={t('review.docs.acceptHint')}>
            <Button
              type={current.decision === 'accepted' ? 'primary' : 'default'}
              icon={<CheckOutlined />}
              loading={busy}
              onClick={() => void decide('accepted')}
              data-testid="doc-accept"
            >
              {t('review.docs.accept')}
            </Button>
          </Tooltip>
          <Tooltip title={t('review.docs.revisionHint')}>
            <Button
              danger={current.decision === 'needs_revision'}
              type={current.decision === 'needs_revision' ? 'primary' : 'default'}
              icon={<EditOutlined />}
              onClick={() => setRevising(true)}
              data-testid="doc-revision"
            >
              {t('review.docs.needsRevision')}
            </Button>
          </Tooltip>
          {current.decision === 'needs_revision' && current.reasonCode && (
            <Tag color="error">{reasons.label(current.reasonCode)}</Tag>
          )}
        </Space>
      )}
      <RevisionDialog
        open={revising}
        documentName={name}
        reasons={reasons}
        busy={busy}
        onCancel={() => setRevising(false)}
        onConfirm={(values) => void decide('needs_revision', values)}
      />
    </Card>
  );
}
