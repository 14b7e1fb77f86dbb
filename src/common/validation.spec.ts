import { BadRequestException } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { validationPipe } from './validation';

class ListQuery {
  @IsOptional()
  @IsIn(['call', 'card'])
  kind?: string;
}

class PagedQuery {
  @IsInt()
  @Min(1)
  page!: number;
}

describe('validationPipe', () => {
  const pipe = validationPipe();
  const query = (metatype: new () => object) => ({ type: 'query' as const, metatype });

  it('answers every empty query with an instance of its own, the same as the first', async () => {
    const first = await pipe.transform({}, query(ListQuery));
    const second = await pipe.transform({}, query(ListQuery));
    expect(second).toBeInstanceOf(ListQuery);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    (second as ListQuery).kind = 'call';
    expect(await pipe.transform({}, query(ListQuery))).toEqual(first);
  });

  it('still checks a query with parameters after an empty one passed', async () => {
    await pipe.transform({}, query(ListQuery));
    await expect(pipe.transform({ kind: 'sms' }, query(ListQuery))).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform({ other: '1' }, query(ListQuery))).rejects.toBeInstanceOf(BadRequestException);
    expect(await pipe.transform({ kind: 'card' }, query(ListQuery))).toMatchObject({ kind: 'card' });
  });

  it('refuses an empty query every time when the DTO needs a parameter', async () => {
    await expect(pipe.transform({}, query(PagedQuery))).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform({}, query(PagedQuery))).rejects.toBeInstanceOf(BadRequestException);
  });
});
