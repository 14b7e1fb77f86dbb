import { parseAdminArgs } from './admin-cli';

describe('parseAdminArgs', () => {
  it.each([
    [
      ['create', '--email', 'ana@example.com', '--name', 'Ana Ruiz'],
      { command: 'create', email: 'ana@example.com', name: 'Ana Ruiz', timeZone: undefined },
    ],
    [
      ['create', '--email=ana@example.com', '--name=Ana Ruiz', '--time-zone', 'Europe/Madrid'],
      { command: 'create', email: 'ana@example.com', name: 'Ana Ruiz', timeZone: 'Europe/Madrid' },
    ],
    [['token', '--email', 'ana@example.com'], { command: 'token', email: 'ana@example.com', tokenName: undefined }],
    [
      ['token', '--email', 'ana@example.com', '--token-name', 'laptop'],
      { command: 'token', email: 'ana@example.com', tokenName: 'laptop' },
    ],
  ])('reads %j', (argv, expected) => {
    expect(parseAdminArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], 'expected a command'],
    [['delete', '--email', 'a@b.c'], 'unknown command "delete"'],
    [['create', '--name', 'Ana'], '--email is required'],
    [['create', '--email', 'a@b.c'], '--name is required'],
    [['create', '--email'], '--email needs a value'],
    [['create', '--email', ' ', '--name', 'Ana'], '--email needs a value'],
    [['create', '--email', 'a@b.c', '--name', 'Ana', '--role', 'manager'], 'unknown option --role'],
    [['token', '--email', 'a@b.c', '--name', 'Ana'], '--name and --time-zone belong to the create command'],
    [['create', '--email', 'a@b.c', '--name', 'Ana', '--token-name', 'x'], '--token-name belongs to the token command'],
  ])('refuses %j', (argv, message) => {
    expect(parseAdminArgs(argv)).toBe(message);
  });
});
