import { memo, useState, type Ref } from 'react';
import { Alert, App, Button, Input, Space, type InputRef } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import type { BoardUnit } from './types';

interface ScanBoxProps {
  /** The units a box with no unit on the board may be assigned to (`boxCandidates`). */
  readonly candidates: readonly BoardUnit[];
  readonly onMatched: (unit: BoardUnit) => void;
  readonly inputRef: Ref<InputRef>;
}

/** Units a box could belong to: identified, not yet matched to a box, not in the middle of a run. */
export const boxCandidates = (units: readonly BoardUnit[]) =>
  units.filter(
    (u) => u.serial !== null && u.scannedSerial === null && u.state !== 'running' && u.state !== 'paused',
  );

/**
 * A barcode scanner is a keyboard: it types the box QR code and presses Enter. The station reads the
 * serial out of it and finds the unit; a box with no unit on the board is said so, never guessed.
 * Memoised: a flashing unit is no candidate, so its progress does not render the scan field again.
 */
export const ScanBox = memo(function ScanBox({ candidates, onMatched, inputRef }: ScanBoxProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useStation();
  const showError = useCallError('provisioning');
  const [code, setCode] = useState('');
  const [unmatched, setUnmatched] = useState<{ code: string; serial: string } | null>(null);

  const scan = async (scanned: string, portId?: string) => {
    try {
      const result = await client.call('devices.scan', { code: scanned, ...(portId ? { portId } : {}) });
      if (result.unit) {
        setUnmatched(null);
        onMatched(result.unit);
        void message.success(
          portId
            ? t('provisioning.scan.assigned', { serial: result.serial, port: result.unit.label })
            : t('provisioning.scan.matched', { serial: result.serial, port: result.unit.label }),
        );
      } else {
        setUnmatched({ code: scanned, serial: result.serial });
      }
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div className="provisioning-scan">
      <Input
        ref={inputRef}
        autoFocus
        size="large"
        allowClear
        prefix={<ScanOutlined />}
        aria-label={t('provisioning.scan.label')}
        placeholder={t('provisioning.scan.placeholder')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onPressEnter={() => {
          const scanned = code.trim();
          setCode('');
          if (scanned) void scan(scanned);
        }}
        data-testid="scan-input"
      />
      {unmatched && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="scan-unmatched"
          title={t('provisioning.scan.notFound', { serial: unmatched.serial })}
          description={
            <>
              <div>{t('provisioning.scan.notFoundHint')}</div>
              {candidates.length > 0 && (
                <Space wrap style={{ marginTop: 8 }}>
                  {candidates.map((u) => (
                    <Button key={u.portId} size="small" onClick={() => void scan(unmatched.code, u.portId)}>
                      {t('provisioning.scan.assignTo', { port: `${u.label} · ${u.serial ?? ''}` })}
                    </Button>
                  ))}
                </Space>
              )}
            </>
          }
          closable={{ onClose: () => setUnmatched(null) }}
        />
      )}
    </div>
  );
});
