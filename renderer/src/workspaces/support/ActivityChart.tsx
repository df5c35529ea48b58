import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { activityChart } from '../../../../electron/contract/domain/support/activity-chart';

type Activity = CallOutput<'support.diagnosis'>['activity'];

const WIDTH = 640;
const HEIGHT = 140;
const PAD = { left: 28, bottom: 18, top: 6 };

/**
 * Transactions per day as an SVG bar chart. No charting library is installed and this is one chart
 * of bars: its geometry is shared with the PDF (activity-chart.ts), so screen and paper agree.
 */
export function ActivityChart({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const innerWidth = WIDTH - PAD.left - 4;
  const innerHeight = HEIGHT - PAD.bottom - PAD.top;
  const chart = activityChart(activity.days, activity.longestIdle, innerWidth, innerHeight);
  if (activity.days.length === 0) return <div>{t('support.diagnosis.noJournal')}</div>;
  return (
    <figure style={{ margin: 0 }} data-testid="diagnosis-activity-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={t('support.diagnosis.chart')}
      >
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {chart.idle && (
            <rect x={chart.idle.x} y={0} width={chart.idle.width} height={innerHeight} fill="#fff1b8" />
          )}
          {chart.bars.map((b) => (
            <g key={b.day}>
              <title>
                {b.day}: {activity.days.find((d) => d.day === b.day)?.approved ?? 0} /{' '}
                {activity.days.find((d) => d.day === b.day)?.failed ?? 0}
              </title>
              {b.approvedHeight > 0 && (
                <rect x={b.x} y={b.approvedY} width={b.width} height={b.approvedHeight} fill="#1677ff" />
              )}
              {b.failedHeight > 0 && (
                <rect x={b.x} y={b.failedY} width={b.width} height={b.failedHeight} fill="#ff4d4f" />
              )}
            </g>
          ))}
          <line x1={0} x2={innerWidth} y1={innerHeight} y2={innerHeight} stroke="#8c8c8c" />
          {chart.ticks.map((tick) => (
            <text key={tick.label} x={tick.x} y={innerHeight + 13} fontSize={10} fill="#595959">
              {tick.label}
            </text>
          ))}
          <text x={-4} y={8} fontSize={10} fill="#595959" textAnchor="end">
            {chart.top}
          </text>
          <text x={-4} y={innerHeight} fontSize={10} fill="#595959" textAnchor="end">
            0
          </text>
        </g>
      </svg>
      <figcaption style={{ fontSize: 12, color: '#595959' }}>
        <span style={{ color: '#1677ff' }}>■</span> {t('support.diagnosis.chartLegendApproved')}{' '}
        <span style={{ color: '#ff4d4f' }}>■</span> {t('support.diagnosis.chartLegendFailed')}{' '}
        <span style={{ color: '#faad14' }}>■</span> {t('support.diagnosis.chartLegendIdle')}
        {activity.longestIdle && (
          <>
            {' · '}
            {t('support.diagnosis.idle', activity.longestIdle)}
          </>
        )}
      </figcaption>
    </figure>
  );
}
