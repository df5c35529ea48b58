import { Button, Result, Table, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { parse } from 'csv-parse/browser/esm/sync';
import { useTranslation } from 'react-i18next';
import type { LoadedDocument } from './use-document';

interface Props {
  readonly doc: LoadedDocument;
  readonly name: string;
  /** What a download is saved as. */
  readonly fileName: string;
  readonly zoom: number;
  readonly rotation: number;
  /** 1-based data rows of a statement that the pass-through check flagged. */
  readonly flaggedRows: ReadonlySet<number>;
}

/** Statement rows beyond this are left to the download: the viewer is for reading, not for analysis. */
const CSV_ROWS_SHOWN = 500;

function CsvTable({ text, flaggedRows }: { text: string; flaggedRows: ReadonlySet<number> }) {
  const { t } = useTranslation();
  const records = parse(text.replace(/^\uFEFF/, ''), {
    skip_empty_lines: true,
    relax_column_count: true,
  }) as string[][];
  const [header = [], ...rows] = records;
  return (
    <div>
      <Typography.Text type="secondary">
        {t('review.docs.csvRows', { count: rows.length })}
        {flaggedRows.size > 0 && ` · ${t('review.docs.csvFlagged')}`}
      </Typography.Text>
      <Table<{ line: number; cells: string[] }>
        virtual
        size="small"
        pagination={false}
        scroll={{ y: 360 }}
        rowKey="line"
        dataSource={rows.slice(0, CSV_ROWS_SHOWN).map((cells, i) => ({ line: i + 1, cells }))}
        rowClassName={(r) => (flaggedRows.has(r.line) ? 'review-row-flagged' : '')}
        columns={[
          { title: '#', dataIndex: 'line', width: 56 },
          ...header.map((h, c) => ({
            title: t(`review.docs.csvColumns.${h}`, { defaultValue: h }),
            key: String(c),
            width: h === 'time' ? 170 : undefined,
            render: (_: unknown, r: { cells: string[] }) => {
              const cell = r.cells[c] ?? '';
              return h === 'direction'
                ? t(`review.docs.csvDirections.${cell}`, { defaultValue: cell })
                : cell;
            },
          })),
        ]}
      />
    </div>
  );
}

/** One document in the viewer: an image (zoom, rotate), a statement as a table, or a PDF to download. */
export function DocumentContent({ doc, name, fileName, zoom, rotation, flaggedRows }: Props) {
  const { t } = useTranslation();
  if (doc.kind === 'image') {
    const sideways = rotation % 180 !== 0;
    return (
      <div className="review-image-stage">
        <img
          src={doc.url}
          alt={name}
          data-testid="document-image"
          className="review-image"
          style={{
            width: `${Math.round(zoom * (sideways ? 60 : 90))}%`,
            transform: `rotate(${rotation}deg)`,
          }}
        />
      </div>
    );
  }
  if (doc.kind === 'csv') return <CsvTable text={doc.text} flaggedRows={flaggedRows} />;
  // The renderer's CSP has no frame-src or object-src for blob: URLs, so a PDF cannot be shown inline.
  return (
    <Result
      icon={<FilePdfOutlined />}
      subTitle={t('review.docs.pdfNote')}
      extra={
        <Button icon={<DownloadOutlined />} href={doc.url} download={fileName}>
          {t('review.docs.download', { name })}
        </Button>
      }
    />
  );
}
