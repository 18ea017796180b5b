import * as osdp from '#osdp';

describe('#osdp public surface', () => {
  it.each([
    'encodeFrame',
    'decodeFrame',
    'FrameSplitter',
    'encodeCommand',
    'decodeCommand',
    'encodeReply',
    'decodeReply',
    'deriveSessionKeys',
    'wrapCommand',
    'unwrapReply',
    'wrapReply',
    'unwrapCommand',
    'createCpSession',
    'reduceCpSession',
    'createPdSession',
    'reducePdSession',
    'SCBK_DEFAULT',
    'CommandCode',
    'ReplyCode',
    'NakCode',
    'ScsType',
  ])('should export %s', (name) => {
    expect(osdp).toHaveProperty(name);
  });

  it('should resolve through the #osdp import map', () => {
    expect(osdp.crc16(Buffer.from('123456789'))).toBe(0xe5cc);
  });
});
