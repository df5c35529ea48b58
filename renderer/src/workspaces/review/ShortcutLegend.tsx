import { Button, Popover, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/**
 * The keys the review workspace answers to (ReviewWorkspace, CaseDrawer, DocumentViewer,
 * DecisionBar), grouped as a reviewer meets them: in the queue, then in a case.
 */
const GROUPS = [
  {
    title: 'review.shortcuts.queue',
    keys: [
      ['N', 'review.shortcuts.claimNext'],
      ['/', 'review.shortcuts.search'],
      ['Enter', 'review.shortcuts.openRow'],
    ],
  },
  {
    title: 'review.shortcuts.case',
    keys: [
      ['[  ]', 'review.shortcuts.documents'],
      ['+  −', 'review.shortcuts.zoom'],
      ['R', 'review.shortcuts.rotate'],
      ['0', 'review.shortcuts.reset'],
      ['A', 'review.shortcuts.accept'],
      ['V', 'review.shortcuts.revision'],
      ['Ctrl+Enter', 'review.shortcuts.approve'],
      ['N', 'review.shortcuts.nextCase'],
      ['Esc', 'review.shortcuts.close'],
    ],
  },
] as const;

export function ShortcutLegend() {
  const { t } = useTranslation();
  const content = (
    <div className="review-shortcuts" data-testid="shortcut-legend">
      {GROUPS.map((group) => (
        <div key={group.title}>
          <Typography.Text strong>{t(group.title)}</Typography.Text>
          <table>
            <tbody>
              {group.keys.map(([key, what]) => (
                <tr key={`${key}-${what}`}>
                  <td>
                    <kbd>{key}</kbd>
                  </td>
                  <td>{t(what)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <Typography.Text type="secondary">{t('review.shortcuts.typing')}</Typography.Text>
    </div>
  );
  return (
    <Popover content={content} title={t('review.shortcuts.title')} trigger="click" placement="bottomRight">
      <Button icon={<QuestionCircleOutlined />} data-testid="shortcuts">
        {t('review.shortcuts.button')}
      </Button>
    </Popover>
  );
}
