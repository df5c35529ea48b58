/** The Provisioning workspace's texts, wired into i18next under the `provisioning` key (t('provisioning.…')). */
export const provisioningZhCN = {
  title: '设备生产',
};

export type ProvisioningMessages = typeof provisioningZhCN;

export const provisioningEn: ProvisioningMessages = {
  title: 'Provisioning',
};
