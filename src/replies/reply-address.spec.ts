import { addressesIn, checkReplyAddress, replyAddress } from './reply-address';

const SECRET = 'a-signing-secret-of-some-length-000000';
const DOMAIN = 'reply.example.com';

describe('reply addresses', () => {
  it('signs a touch id into an address at the reply domain that checks out as that touch', () => {
    const address = replyAddress('10452', DOMAIN, SECRET);
    expect(address).toMatch(/^reply\+10452\.[0-9a-f]{20}@reply\.example\.com$/);
    expect(checkReplyAddress(address, DOMAIN, SECRET)).toEqual({ kind: 'valid', touchId: '10452' });
  });

  it('survives mail systems that change the case of the address and its domain', () => {
    const address = replyAddress('7', 'Reply.Example.com', SECRET);
    expect(checkReplyAddress(address.toUpperCase(), DOMAIN, SECRET)).toEqual({ kind: 'valid', touchId: '7' });
  });

  it('is a different address for every touch and every secret', () => {
    expect(replyAddress('1', DOMAIN, SECRET)).not.toBe(replyAddress('1', DOMAIN, `${SECRET}x`));
    expect(replyAddress('1', DOMAIN, SECRET).split('.')[1]).not.toBe(replyAddress('2', DOMAIN, SECRET).split('.')[1]);
  });

  it.each([
    {
      name: 'another touch id with a valid signature of a different touch',
      address: () => replyAddress('8', DOMAIN, SECRET).replace('+8.', '+9.'),
    },
    {
      name: 'a signature one character off',
      address: () => replyAddress('8', DOMAIN, SECRET).replace(/\.([0-9a-f])/, (_, c) => `.${c === 'a' ? 'b' : 'a'}`),
    },
    { name: 'a shortened signature', address: () => replyAddress('8', DOMAIN, SECRET).replace(/[0-9a-f]@/, '@') },
    { name: 'a signature made with another secret', address: () => replyAddress('8', DOMAIN, 'not-the-secret-0000000000000') },
    { name: 'a touch id with a leading zero', address: () => replyAddress('8', DOMAIN, SECRET).replace('+8.', '+08.') },
  ])('refuses $name as forged', ({ address }) => {
    expect(checkReplyAddress(address(), DOMAIN, SECRET)).toEqual({ kind: 'forged' });
  });

  it.each([
    'someone@reply.example.com',
    `${'reply+8.'}0123456789abcdef0123@other.example.com`,
    'reply+x.abc@reply.example.com',
    'not an address',
  ])('%s is no reply address of ours', (address) => {
    expect(checkReplyAddress(address, DOMAIN, SECRET)).toEqual({ kind: 'not_reply_address' });
  });

  it('will not sign something that is not a touch id', () => {
    expect(() => replyAddress('1; DROP', DOMAIN, SECRET)).toThrow();
  });
});

describe('addressesIn', () => {
  it('takes the bare addresses out of header values and envelope lists', () => {
    expect(addressesIn(['"Clarke, Emma" <reply+1.ab@reply.example.com>, other@example.com', 'x@y.z'])).toEqual([
      'reply+1.ab@reply.example.com',
      'other@example.com',
      'x@y.z',
    ]);
    expect(addressesIn(['Undisclosed recipients:;'])).toEqual([]);
  });
});
