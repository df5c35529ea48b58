import {
  maskAddress,
  maskCardNumber,
  maskIdNumber,
  maskName,
  maskPhone,
} from '../../../electron/services/kyc/checks/mask';

describe('PII masking', () => {
  it('masks an ID number to the first 3 and last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });
  it('masks a card number to BIN and last 4', () => {
    expect(maskCardNumber('6222 0212 3456 7890 123')).toBe('622202*********0123');
    expect(maskCardNumber('6225881234567890')).toBe('622588******7890');
  });
  it('masks names as 张* / 张*三 / 欧**锋', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('欧阳小锋')).toBe('欧**锋');
    expect(maskName('张')).toBe('*');
  });
  it('masks a phone as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('keeps only the province and city of an address', () => {
    expect(maskAddress('北京市朝阳区建设路1号2栋301室')).toBe('北京市朝阳区********');
  });
  it('never returns short values in clear', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskCardNumber('1234')).toBe('****');
    expect(maskPhone('12345')).toBe('*****');
  });
});
