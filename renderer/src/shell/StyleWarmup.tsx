import { memo, startTransition, useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Checkbox,
  Collapse,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  message,
  Modal,
  Progress,
  Radio,
  Select,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
} from 'antd';
import { whenIdle } from './when-idle';

/**
 * A toast's look without a toast: Ant Design's own static panel for a message (what its docs show),
 * styled by the same CSS-in-JS as the toasts `App.useApp().message` opens. A real toast cannot wait
 * hidden — it is portalled to the page and closes itself.
 */
const ToastPanel = message._InternalPanelDoNotUseOrYouWillBeFired;

/**
 * Ant Design writes each component kind's CSS (CSS-in-JS) the first time one is mounted, and keeps
 * it only while one stays mounted. The kinds below appear only on an operator's action — the first
 * toast, the start dialog, the evidence and case drawers, the first progress bars, a review's tables
 * and tabs — and
 * their first mount wrote ~30 kB of CSS inside the task that opened them (docs/performance.md,
 * "Window: long tasks"). One kind per piece: each is mounted on its own when the window is idle.
 */
const PIECES: readonly ReactNode[] = [
  // The first toast (the Start answer) wrote 21.9 kB of CSS in a 57–61 ms task.
  <ToastPanel key="message" type="success" content={null} />,
  <Modal key="modal" open={false} />,
  <Drawer key="drawer" open={false} />,
  <Form key="form">
    <Form.Item>
      <Input />
    </Form.Item>
  </Form>,
  <Select key="select" options={[]} />,
  <Radio.Group key="radio" options={[]} />,
  <Checkbox key="checkbox" />,
  <Progress key="progress" percent={0} size="small" />,
  // A status colour (running, shipped, refused) has its own styles, apart from the tag's.
  <Tag key="tag" color="success" />,
  <Alert key="alert" />,
  <Spin key="spin" />,
  <Empty key="empty" description={false} />,
  <Descriptions key="descriptions" items={[]} />,
  <Timeline key="timeline" items={[]} />,
  <Collapse key="collapse" items={[]} />,
  <Tabs key="tabs" items={[]} />,
  <Table key="table" dataSource={[]} columns={[]} locale={{ emptyText: null }} />,
];

/** The longest a piece waits for an idle moment: a window that is never idle still gets them. */
const IDLE_TIMEOUT_MS = 2000;

/**
 * Mounts the components above, hidden and one at a time while the window is idle, and keeps them
 * mounted for the shell's life, so that their styles are in place (and stay) before an operator
 * opens the first dialog or a unit's first bar appears. Renders nothing anyone can see or reach.
 */
export const StyleWarmup = memo(function StyleWarmup() {
  const [mounted, setMounted] = useState(0);
  useEffect(() => {
    if (mounted >= PIECES.length) return;
    return whenIdle(() => startTransition(() => setMounted((n) => n + 1)), IDLE_TIMEOUT_MS);
  }, [mounted]);
  return (
    <div hidden aria-hidden data-testid="style-warmup">
      {PIECES.slice(0, mounted)}
    </div>
  );
});
