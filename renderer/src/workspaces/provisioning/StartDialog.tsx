import { LoadingOutlined } from '@ant-design/icons';
import { memo, startTransition, useEffect, useRef, useState } from 'react';
import {
  App,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  type ButtonProps,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { useIdle } from '../../shell/when-idle';
import { ApplicationPicker } from './ApplicationPicker';
import { formatBytes, inLanguage } from './format';
import { startable } from './UnitCard';
import type { BoardUnit, FirmwareImage } from './types';
import { sameWhileClosed } from './use-stable';

/** The batch's count lines, each a key of provisioning.start. */
type CountLine = 'willStart' | 'needBox' | 'demoNoBox' | 'noApplication' | 'lockedUnits' | 'busyUnits';

/** Firmware choice: the newest shipped image for the unit's model, one image, or no flashing. */
const NEWEST = '__newest__';
const SKIP = '__skip__';

interface FormValues {
  firmware: string;
  questionnaire: 'answered' | 'skipped';
  accountClass: 'I' | 'II';
  scannedSerial?: string;
  queue: boolean;
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

/** The batch's true counts: what starts now, what waits for a box scan, what will not start and why. */
function BatchCounts({ counts }: { counts: ReturnType<typeof batchCounts> }) {
  const { t } = useTranslation();
  const line = (key: CountLine, count: number, type: 'success' | 'warning' | 'secondary') =>
    count > 0 || key === 'willStart' ? (
      <li data-testid={`count-${key}`}>
        <Typography.Text type={type === 'success' ? undefined : type} strong={key === 'willStart'}>
          {t(`provisioning.start.${key}`, { count })}
        </Typography.Text>
      </li>
    ) : null;
  return (
    <div className="batch-counts" data-testid="batch-counts">
      <ul>
        {line('willStart', counts.willStart, 'success')}
        {line('needBox', counts.needBox, 'warning')}
        {line('demoNoBox', counts.demoNoBox, 'warning')}
        {line('noApplication', counts.noApplication, 'warning')}
        {line('lockedUnits', counts.locked, 'secondary')}
        {line('busyUnits', counts.busy, 'secondary')}
      </ul>
      <Typography.Text type="secondary">{t('provisioning.start.applicationPerUnit')}</Typography.Text>
    </div>
  );
}

interface StartDialogProps {
  /** One unit, or null for every ready unit (batch). */
  readonly unit: BoardUnit | null;
  readonly open: boolean;
  /** The whole board: the batch dialog counts what will and will not start, and why. */
  readonly units: readonly BoardUnit[];
  readonly demo: boolean;
  /** `before`: the runs on the board when Start was pressed (not part of a new batch). */
  readonly onStarted: (batch: boolean, before: ReadonlySet<string>) => void;
  readonly onClose: () => void;
  /** After the dialog has faded out and let the focus go: where the focus goes next is the board's. */
  readonly onClosed: () => void;
}

/** What "Start all" will do with each unit on the board, counted as the station decides it. */
export function batchCounts(units: readonly BoardUnit[], demo: boolean) {
  const idle = units.filter((u) => startable(u) && u.state !== 'succeeded' && u.state !== 'refused');
  const noBox = idle.filter((u) => u.scannedSerial === null);
  const willStart = demo ? idle : idle.filter((u) => u.scannedSerial !== null);
  return {
    willStart: willStart.length,
    needBox: demo ? 0 : noBox.length,
    demoNoBox: demo ? noBox.length : 0,
    noApplication: willStart.filter((u) => u.applicationId === null).length,
    locked: units.filter((u) => u.lock !== null && u.state !== 'running' && u.state !== 'paused').length,
    busy: units.filter((u) => u.state === 'running' || u.state === 'paused').length,
  };
}

/**
 * Enter starts: once the dialog is open the focus goes to Start (antd's own focus trap may land on
 * ×) — unless the operator is already in one of its fields. The dialog opens with a motion, and an
 * operator (or a scanner) who clicked the firmware list or began typing the box code before it
 * ended would have the focus taken away: the list closed under the click, the scan cut in two.
 */
export function focusStartUnlessInField(doc: Document): void {
  const start = doc.querySelector<HTMLButtonElement>('[data-testid="start-ok"]');
  const active = doc.activeElement;
  if (
    active instanceof HTMLElement &&
    (active.matches('input, textarea, select') || active.isContentEditable) &&
    // Only the dialog's own fields: a card's application picker the operator was in stays behind.
    start?.closest('[role="dialog"]')?.contains(active)
  )
    return;
  start?.focus();
}

/** Frames to wait for a dialog rendered ahead to be shown before its Start can take the focus. */
const FOCUS_FRAMES = 10;

/**
 * The dialog is rendered hidden once the window is first idle (at the latest after this long) and
 * then kept, not destroyed on closing: its first opening, F9 on a full board, mounted the whole form
 * and measured it in one task of 55 ms of CPU, and its closing removed it — with the focused Start
 * button in it, which made the browser recalculate styles — in the task that answered Start
 * (docs/performance.md, "Window: long tasks"). Kept, each opening starts from a reset form as before.
 */
const RENDER_AHEAD_TIMEOUT_MS = 3000;

/** Starts identify → genuine check → flash → bind → self-test → ship on one unit or on all of them. */
export const StartDialog = memo(
  function StartDialog({ unit, open, units, demo, onStarted, onClose, onClosed }: StartDialogProps) {
    const { t } = useTranslation();
    const { message } = App.useApp();
    const { client } = useStation();
    const showError = useCallError('provisioning');
    const [form] = Form.useForm<FormValues>();
    const [images, setImages] = useState<readonly FirmwareImage[]>([]);
    const [busy, setBusy] = useState(false);
    const submitting = useRef(false);
    const renderedAhead = useIdle(RENDER_AHEAD_TIMEOUT_MS);
    // The firmware list opens as a transition: its first opening mounted the list and measured it
    // inside the click's task (53 ms of CPU); rendered in slices, the click itself stays short.
    const [listOpen, setListOpen] = useState(false);
    const live = unit ? (units.find((u) => u.portId === unit.portId) ?? unit) : null;
    const counts = batchCounts(units, demo);

    useEffect(() => {
      if (!open) return;
      let current = true;
      client
        .call('devices.firmwareImages', {})
        .then((r) => current && setImages(r.images))
        .catch(showError);
      return () => {
        current = false;
      };
      // showError is a fresh closure each render; the images are fetched once per opening.
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [client, open]);

    useEffect(() => {
      if (open) form.setFieldsValue({ scannedSerial: unit?.scannedSerial ?? '' });
    }, [open, unit, form]);

    // Enter starts: Start's `autoFocus` acts only when the dialog mounts open; rendered ahead, it
    // is shown a frame or two later, and the focus goes to Start then (as early as autoFocus did,
    // so that a card's application picker the focus was in closes).
    useEffect(() => {
      if (!open) return;
      let frames = 0;
      const tryFocus = () => {
        focusStartUnlessInField(document);
        const inDialog = document.activeElement?.closest('[role="dialog"]');
        if (!inDialog && ++frames < FOCUS_FRAMES) frame = requestAnimationFrame(tryFocus);
      };
      let frame = requestAnimationFrame(tryFocus);
      return () => cancelAnimationFrame(frame);
    }, [open]);

    const submit = async (values: FormValues) => {
      // Started once: Start or Enter again while the station answers does nothing — even twice in
      // one tick (a scanner's doubled Enter), before `busy` has rendered.
      if (submitting.current) return;
      submitting.current = true;
      setBusy(true);
      const before = new Set(units.flatMap((u) => (u.runId ? [u.runId] : [])));
      try {
        const scannedSerial = values.scannedSerial?.trim();
        const input: CallInput<'devices.provision'> = {
          ...(unit ? { portId: unit.portId } : {}),
          ...(values.firmware === SKIP ? { skipFlash: true } : {}),
          ...(values.firmware !== SKIP && values.firmware !== NEWEST ? { firmware: values.firmware } : {}),
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
        // The toast first; the dialog's closing and the board's batch line as a transition,
        // rendered in slices after it, not in the same task (the Start answer took 65–78 ms).
        // Start keeps its spinner while the dialog fades out (`busy` ends when it has closed): the
        // spinner's leaving motion measured the page inside the answer's task.
        startTransition(() => {
          onStarted(result.batch, before);
          onClose();
        });
      } catch (error) {
        submitting.current = false;
        setBusy(false);
        showError(error);
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
            : t('provisioning.start.titleBatch')
        }
        okText={t('provisioning.start.ok')}
        cancelText={t('provisioning.start.cancel')}
        // Enter starts: the focus is on Start, never on Cancel. A spinner icon, not `loading`: the
        // loading icon's leaving motion measures the button, a forced layout of the whole board
        // when the dialog has closed (26 ms of a 52 ms task after Start, docs/performance.md).
        okButtonProps={
          {
            icon: busy ? <LoadingOutlined /> : undefined,
            'aria-busy': busy,
            autoFocus: true,
            'data-testid': 'start-ok',
          } as ButtonProps
        }
        cancelButtonProps={{ 'data-testid': 'start-cancel' } as ButtonProps}
        onOk={() => form.submit()}
        onCancel={onClose}
        // The board says where the focus goes once it has closed (onClosed), not the dialog.
        focusable={{ focusTriggerAfterClose: false }}
        afterOpenChange={(opened) => {
          if (opened) focusStartUnlessInField(document);
          // Kept for the next opening: it starts from the form's initial values, as a new one would.
          else {
            form.resetFields();
            setListOpen(false);
            setBusy(false);
            submitting.current = false;
            onClosed();
          }
        }}
        forceRender={renderedAhead}
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
              open={listOpen}
              // A handful of images: a virtual list only measured each option's height (a forced
              // layout of the whole board, 36 ms, when an option was chosen).
              virtual={false}
              onOpenChange={(next) => startTransition(() => setListOpen(next))}
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
              extra={demo ? t('provisioning.start.scannedHint') : t('provisioning.start.scannedRequired')}
            >
              <Input allowClear onPressEnter={() => form.submit()} data-testid="start-scanned" />
            </Form.Item>
          )}
          {live ? (
            <Form.Item
              label={t('provisioning.start.applicationOne')}
              extra={t('provisioning.start.applicationOneHint')}
            >
              <ApplicationPicker
                unit={live}
                takenElsewhere={
                  new Set(
                    units.flatMap((u) =>
                      u.portId !== live.portId && u.applicationId ? [u.applicationId] : [],
                    ),
                  )
                }
              />
            </Form.Item>
          ) : (
            <BatchCounts counts={counts} />
          )}
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
  },
  sameWhileClosed<StartDialogProps>((p) => p.open),
);
