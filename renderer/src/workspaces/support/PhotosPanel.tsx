import { useState } from 'react';
import { Button, Card, Image, List, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../electron/contract/support';
import { PHOTO_MIME_TYPES, type PhotoMimeType } from '../../../../electron/contract/support';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

const isPhotoType = (type: string): type is PhotoMimeType =>
  (PHOTO_MIME_TYPES as readonly string[]).includes(type);

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Intake photos: added from a file (a phone photo copied over), sealed by the station, opened on click. */
export function PhotosPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [shown, setShown] = useState<Record<string, string>>({});

  const add = async (file: File) => {
    try {
      if (!isPhotoType(file.type)) throw new Error(file.type);
      await client.call('support.addPhoto', {
        caseId: detail.id,
        mimeType: file.type,
        base64: await base64Of(file),
      });
      onChanged();
    } catch (error) {
      showError(error);
    }
  };
  const show = async (photoId: string) => {
    try {
      const photo = await client.call('support.photo', { caseId: detail.id, photoId });
      setShown((s) => ({ ...s, [photoId]: `data:${photo.mimeType};base64,${photo.base64}` }));
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Card
      size="small"
      title={t('support.case.photos')}
      style={{ marginTop: 16 }}
      extra={
        <Upload
          accept={PHOTO_MIME_TYPES.join(',')}
          showUploadList={false}
          beforeUpload={(file) => {
            void add(file);
            return false;
          }}
        >
          <Button size="small" icon={<CameraOutlined />}>
            {t('support.case.addPhoto')}
          </Button>
        </Upload>
      }
    >
      <List
        size="small"
        dataSource={detail.photos}
        locale={{ emptyText: t('support.case.none') }}
        renderItem={(p) => (
          <List.Item key={p.id}>
            {shown[p.id] ? (
              <Image src={shown[p.id]} width={160} />
            ) : (
              <Button type="link" onClick={() => void show(p.id)}>
                {shanghaiWallClock(p.addedAt)} · {p.addedBy} · {Math.ceil(p.size / 1024)} KB
              </Button>
            )}
          </List.Item>
        )}
      />
    </Card>
  );
}
