import { useRef, useState } from 'react';
import { Alert, Button, Modal, Table, Tag } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';

type ImportReport = CallOutput<'devices.importManifest'>;

function formatOf(name: string): 'csv' | 'json' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** A malformed row's problem in the operator's language: what is missing, or the form the field must have. */
function rowError(m: ImportReport['malformed'][number], t: TFunction): string {
  const field = t(`provisioning.manifest.fields.${m.field}`, { defaultValue: m.field });
  if (m.code === 'missing') return t('provisioning.manifest.rowErrors.missing', { field });
  return t(`provisioning.manifest.rowErrors.${m.field}`, {
    defaultValue: t('provisioning.manifest.rowErrors.row'),
  });
}

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <div data-testid="manifest-report">
      {report.fileError ? (
        <Alert
          type="error"
          showIcon
          title={t('provisioning.manifest.fileError', {
            error: report.fileErrorCode
              ? t(`provisioning.manifest.fileErrors.${report.fileErrorCode}`)
              : report.fileError,
          })}
        />
      ) : report.ok ? (
        <Alert
          type="success"
          showIcon
          title={t('provisioning.manifest.ok', {
            rows: report.rows,
            imported: report.imported,
            unchanged: report.unchanged,
          })}
        />
      ) : (
        <Alert type="error" showIcon title={t('provisioning.manifest.refused')} />
      )}
      {report.conflicts.length > 0 && (
        <>
          <h4 style={{ margin: '12px 0 8px' }}>
            {t('provisioning.manifest.conflicts')} ({report.conflicts.length})
          </h4>
          <Table
            size="small"
            rowKey={(c) => `${c.row}-${c.serial}-${c.code}`}
            dataSource={report.conflicts}
            pagination={report.conflicts.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: t('provisioning.manifest.row'), dataIndex: 'row', width: 64 },
              { title: t('provisioning.manifest.serial'), dataIndex: 'serial', width: 150 },
              {
                title: t('provisioning.manifest.message'),
                render: (_, c) => (
                  <>
                    <Tag color="red">{t(`provisioning.manifest.codes.${c.code}`, c.code)}</Tag>
                    {c.otherRow !== undefined && (
                      <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                        {t('provisioning.manifest.otherRow', { row: c.otherRow })}
                      </div>
                    )}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
      {report.malformed.length > 0 && (
        <>
          <h4 style={{ margin: '12px 0 8px' }}>
            {t('provisioning.manifest.malformed')} ({report.malformed.length})
          </h4>
          <Table
            size="small"
            rowKey={(m) => `${m.row}-${m.field}`}
            dataSource={report.malformed}
            pagination={report.malformed.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: t('provisioning.manifest.row'), dataIndex: 'row', width: 64 },
              {
                title: t('provisioning.manifest.field'),
                width: 150,
                render: (_, m) => t(`provisioning.manifest.fields.${m.field}`, { defaultValue: m.field }),
              },
              {
                title: t('provisioning.manifest.message'),
                render: (_, m) => rowError(m, t),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

/** A manufacturer manifest from a file on this PC into the device registry; all or nothing, with its report. */
export function ManifestImport() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useCallError('provisioning');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const text = await file.text();
      const format = formatOf(file.name);
      setReport(
        await client.call('devices.importManifest', {
          text,
          source: file.name,
          ...(format ? { format } : {}),
        }),
      );
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<UploadOutlined />}
        loading={busy}
        onClick={() => input.current?.click()}
        data-testid="manifest-import"
      >
        {t('provisioning.actions.importManifest')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.json,text/csv,application/json"
        aria-label={t('provisioning.manifest.choose')}
        style={{ display: 'none' }}
        data-testid="manifest-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void upload(file);
        }}
      />
      <Modal
        open={report !== null}
        title={t('provisioning.manifest.title')}
        onCancel={() => setReport(null)}
        footer={
          <Button type="primary" onClick={() => setReport(null)}>
            {t('provisioning.manifest.close')}
          </Button>
        }
        width={760}
      >
        {report && <Report report={report} />}
      </Modal>
    </>
  );
}
