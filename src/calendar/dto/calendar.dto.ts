import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedStatusDto {
  @ApiProperty({ description: 'Whether the staff member has a feed URL (rotate to get one).' }) enabled: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'cal_x8Kq2Z',
    description: 'The first characters of the current token; never the token.',
  })
  prefix: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'When the current URL was made.' }) createdAt: Date | null;
}

export class IssuedCalendarFeedDto {
  @ApiProperty({
    example: 'https://touchpoint.example.com/calendar/cal_x8Kq2Z….ics',
    description: 'The secret feed URL, shown in this answer only (only a hash of its token is stored). Anyone with it can read the feed.',
  })
  url: string;
  @ApiProperty({ example: 'cal_x8Kq2Z' }) prefix: string;
  @ApiProperty() createdAt: Date;
}
