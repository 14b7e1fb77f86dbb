import { typeNullableReferences } from './openapi';

describe('typeNullableReferences', () => {
  it('types a nullable choice between components as an object, however deep it sits', () => {
    const document = {
      components: {
        schemas: {
          Touch: {
            properties: {
              rendered: { nullable: true, oneOf: [{ $ref: '#/components/schemas/Email' }, { $ref: '#/components/schemas/Sms' }] },
            },
          },
        },
      },
    };
    typeNullableReferences(document);
    expect(document.components.schemas.Touch.properties.rendered).toEqual({
      type: 'object',
      nullable: true,
      oneOf: [{ $ref: '#/components/schemas/Email' }, { $ref: '#/components/schemas/Sms' }],
    });
  });

  it('leaves alone a choice that includes plain types, and schemas that have a type or are not nullable', () => {
    const mixed = { nullable: true, oneOf: [{ $ref: '#/components/schemas/A' }, { type: 'string' }] };
    const typed = { nullable: true, type: 'string' };
    const required = { oneOf: [{ $ref: '#/components/schemas/A' }] };
    typeNullableReferences([mixed, typed, required]);
    expect(mixed).not.toHaveProperty('type');
    expect(typed.type).toBe('string');
    expect(required).not.toHaveProperty('type');
  });
});
