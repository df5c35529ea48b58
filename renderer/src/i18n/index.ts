import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN';
import { en } from './en';
import { reviewEn, reviewZhCN } from '../workspaces/review/i18n';
import { provisioningEn, provisioningZhCN } from '../workspaces/provisioning/i18n';
import { supportEn, supportZhCN } from '../workspaces/support/i18n';
import {
  accountErrorsEn,
  accountErrorsZhCN,
  passwordHintEn,
  passwordHintZhCN,
  settingsEn,
  settingsZhCN,
} from '../workspaces/settings/i18n';
import { makersEn, makersZhCN } from '../workspaces/settings/makers/i18n';
import { syncEn, syncErrorsEn, syncErrorsZhCN, syncZhCN } from '../workspaces/sync/i18n';

export type Language = 'zh-CN' | 'en';
const STORAGE_KEY = 'pos-station.language';

export function savedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

/** Every screen's strings, Chinese first: its shape is the type every other language must match. */
const zhTranslation = {
  ...zhCN,
  review: reviewZhCN,
  provisioning: provisioningZhCN,
  support: supportZhCN,
  settings: { ...zhCN.settings, ...settingsZhCN, makers: makersZhCN },
  signIn: { ...zhCN.signIn, ...passwordHintZhCN },
  errors: { ...zhCN.errors, ...accountErrorsZhCN, ...syncErrorsZhCN },
  sync: syncZhCN,
};
export type Translation = typeof zhTranslation;

const enTranslation: Translation = {
  ...en,
  review: reviewEn,
  provisioning: provisioningEn,
  support: supportEn,
  settings: { ...en.settings, ...settingsEn, makers: makersEn },
  signIn: { ...en.signIn, ...passwordHintEn },
  errors: { ...en.errors, ...accountErrorsEn, ...syncErrorsEn },
  sync: syncEn,
};

/** Keys are checked at compile time: a `t()` of a key that does not exist fails the type check. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhTranslation }, en: { translation: enTranslation } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18n };
