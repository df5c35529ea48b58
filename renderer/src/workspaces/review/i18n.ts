/** The Review workspace's texts, wired into i18next under the `review` key (t('review.…')). */
export const reviewZhCN = {
  title: '进件审核',
};

export type ReviewMessages = typeof reviewZhCN;

export const reviewEn: ReviewMessages = {
  title: 'Review',
};
