import { Col, Divider, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { CounterFileField } from './CounterFileField';

/** The scans of both sides of the ID card and of the settlement card's face. */
export function CounterDocumentsSection() {
  const { t } = useTranslation();
  return (
    <>
      <Divider titlePlacement="start">{t('review.counter.sections.documents')}</Divider>
      <Row gutter={16}>
        <Col span={8}>
          <CounterFileField slot="id_front" />
        </Col>
        <Col span={8}>
          <CounterFileField slot="id_back" />
        </Col>
        <Col span={8}>
          <CounterFileField slot="card_photo" />
        </Col>
      </Row>
    </>
  );
}
