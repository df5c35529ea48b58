import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { isDate } from './counter-entry';

/** The rules every part of the counter form shares, worded in the clerk's language. */
export function useCounterRules(): { readonly required: Rule; readonly date: Rule } {
  const { t } = useTranslation();
  return {
    required: { required: true, whitespace: true, message: t('review.counter.rules.required') },
    date: {
      validator: async (_, value: unknown) => {
        if (value && !isDate(value)) throw new Error(t('review.counter.rules.date'));
      },
    },
  };
}
