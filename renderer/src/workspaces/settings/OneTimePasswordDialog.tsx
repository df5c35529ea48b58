import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Who it is for and the password; null hides the dialog. */
  readonly shown: { readonly name: string; readonly password: string } | null;
  readonly onClose: () => void;
}

/** A one-time password, shown once in large type to read out or copy; the station never shows it again. */
export function OneTimePasswordDialog({ shown, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={shown !== null}
      title={t('settings.operators.otpTitle')}
      closable={false}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} autoFocus>
          {t('settings.operators.done')}
        </Button>
      }
    >
      {shown && (
        <>
          <Alert type="warning" showIcon title={t('settings.operators.otpFor', { name: shown.name })} />
          <Typography.Paragraph
            copyable={{
              text: shown.password,
              tooltips: [t('settings.operators.copy'), t('settings.operators.otpCopied')],
            }}
            style={{ fontSize: 24, fontFamily: 'monospace', letterSpacing: 2, marginTop: 16 }}
            data-testid="one-time-password"
          >
            {shown.password}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
