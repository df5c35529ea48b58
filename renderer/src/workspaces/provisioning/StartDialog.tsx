import { useEffect, useState } from 'react';
import { App, AutoComplete, Checkbox, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { formatBytes, inLanguage } from './format';
import type { BoardUnit, FirmwareImage } from './types';

/** Firmware choice: the newest shipped image for the unit's model, one image, or no flashing. */
const NEWEST = '__newest__';
const SKIP = '__skip__';

interface FormValues {
  firmware: string;
  applicationId?: string;
  questionnaire: 'answered' | 'skipped';
  accountClass: 'I' | 'II';
  scannedSerial?: string;
  queue: boolean;
}

function matches(applicationId: string, typed: string): boolean {
  return applicationId.includes(typed.trim().toUpperCase());
}

/** What the firmware chooser shows for one image: version, security counter, signer, and whether it can be used. */
function ImageLabel({ image }: { image: FirmwareImage }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="firmware-option">
      <Space size={6}>
        <b>{image.model}</b>
        <span>v{image.version}</span>
        {!image.valid && <Tag color="red">{t('provisioning.start.firmwareInvalid')}</Tag>}
      </Space>
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
        {t('provisioning.start.counter', { counter: image.securityCounter })} ·{' '}
        {image.signer
          ? t('provisioning.start.signer', { signer: image.signer })
          : t('provisioning.start.signerUnknown')}{' '}
        · {t('provisioning.start.size', { size: formatBytes(image.payloadSize) })}
        {image.problem && <div style={{ color: '#cf1322' }}>{inLanguage(image.problem, i18n.language)}</div>}
      </div>
    </div>
  );
}

interface StartDialogProps {
  /** One unit, or null for every ready unit (batch). */
  readonly unit: BoardUnit | null;
  readonly open: boolean;
  readonly readyCount: number;
  readonly demo: boolean;
  readonly onClose: () => void;
}

/** Starts identify → genuine check → flash → bind → self-test → ship on one unit or on all of them. */
export function StartDialog({ unit, open, readyCount, demo, onClose }: StartDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useStation();
  const showError = useCallError('provisioning');
  const [form] = Form.useForm<FormValues>();
  const [images, setImages] = useState<readonly FirmwareImage[]>([]);
  const [applications, setApplications] = useState<readonly { id: string; settlementCardMasked: string }[]>(
    [],
  );
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let live = true;
    Promise.all([client.call('devices.firmwareImages', {}), client.call('devices.approvedApplications', {})])
      .then(([r, a]) => {
        if (!live) return;
        setImages(r.images);
        setApplications(a.applications);
      })
      .catch(showError);
    return () => {
      live = false;
    };
    // showError is a fresh closure each render; the images are fetched once per opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, open]);

  useEffect(() => {
    if (open) form.setFieldsValue({ scannedSerial: unit?.scannedSerial ?? '' });
  }, [open, unit, form]);

  const submit = async (values: FormValues) => {
    setBusy(true);
    try {
      const applicationId = values.applicationId?.trim();
      const scannedSerial = values.scannedSerial?.trim();
      const input: CallInput<'devices.provision'> = {
        ...(unit ? { portId: unit.portId } : {}),
        ...(values.firmware === SKIP ? { skipFlash: true } : {}),
        ...(values.firmware !== SKIP && values.firmware !== NEWEST ? { firmware: values.firmware } : {}),
        ...(applicationId ? { applicationId } : {}),
        ...(unit && scannedSerial ? { scannedSerial } : {}),
        questionnaireAnswered: values.questionnaire === 'answered',
        accountClass: values.accountClass,
        queue: unit !== null && values.queue,
      };
      const result = await client.call('devices.provision', input);
      void message.success(
        result.started.length > 0
          ? t('provisioning.start.started', { count: result.started.length })
          : t('provisioning.start.startedNone'),
      );
      onClose();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const matching = unit?.model ? images.filter((i) => i.model === unit.model) : images;
  const others = images.filter((i) => !matching.includes(i));

  return (
    <Modal
      open={open}
      title={
        unit
          ? t('provisioning.start.titleOne', { port: `${unit.label} · ${unit.serial ?? ''}` })
          : t('provisioning.start.titleAll', { count: readyCount })
      }
      okText={t('provisioning.start.ok')}
      cancelText={t('provisioning.start.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ firmware: NEWEST, questionnaire: 'skipped', accountClass: 'I', queue: false }}
        onFinish={submit}
      >
        <Form.Item name="firmware" label={t('provisioning.start.firmware')}>
          <Select
            data-testid="firmware-select"
            optionLabelProp="short"
            listHeight={320}
            options={[
              {
                value: NEWEST,
                short: t('provisioning.start.firmwareNewest'),
                label: t('provisioning.start.firmwareNewest'),
              },
              ...[...matching, ...others].map((image) => ({
                value: image.id,
                short: `${image.model} v${image.version} · ${image.signer ?? t('provisioning.start.signerUnknown')}`,
                label: <ImageLabel image={image} />,
                disabled: !image.valid,
              })),
              {
                value: SKIP,
                short: t('provisioning.start.firmwareSkip'),
                label: t('provisioning.start.firmwareSkip'),
              },
            ]}
          />
        </Form.Item>
        {unit && (
          <Form.Item
            name="scannedSerial"
            label={t('provisioning.start.scanned')}
            extra={t('provisioning.start.scannedHint')}
          >
            <Input autoFocus allowClear onPressEnter={() => form.submit()} data-testid="start-scanned" />
          </Form.Item>
        )}
        <Form.Item
          name="applicationId"
          label={t('provisioning.start.application')}
          extra={
            <>
              {t('provisioning.start.applicationHint')}
              {demo && (
                <Typography.Text type="warning"> {t('provisioning.start.applicationDemo')}</Typography.Text>
              )}
            </>
          }
        >
          <AutoComplete
            options={applications.map((a) => ({
              value: a.id,
              label: (
                <Space size={8}>
                  <b>{a.id}</b>
                  <span style={{ color: '#8c8c8c' }}>{a.settlementCardMasked}</span>
                </Space>
              ),
            }))}
            filterOption={(typed, option) => matches(String(option?.value ?? ''), typed)}
          >
            <Input
              allowClear
              maxLength={64}
              // Enter starts the run once the id is complete; while suggestions are open it picks one.
              onPressEnter={(e) => {
                const typed = e.currentTarget.value;
                const open = applications.some((a) => matches(a.id, typed) && a.id !== typed.trim());
                if (!open) form.submit();
              }}
              data-testid="start-application"
            />
          </AutoComplete>
        </Form.Item>
        <Form.Item name="questionnaire" label={t('provisioning.start.questionnaire')}>
          <Radio.Group
            options={[
              { value: 'answered', label: t('provisioning.start.questionnaireAnswered') },
              { value: 'skipped', label: t('provisioning.start.questionnaireSkipped') },
            ]}
          />
        </Form.Item>
        <Form.Item name="accountClass" label={t('provisioning.start.accountClass')}>
          <Radio.Group
            options={[
              { value: 'I', label: t('provisioning.start.class1') },
              { value: 'II', label: t('provisioning.start.class2') },
            ]}
          />
        </Form.Item>
        {unit && (
          <Form.Item name="queue" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('provisioning.start.queue')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
