import { ApiProperty } from '@nestjs/swagger';

export class RedrivenTouchDto {
  @ApiProperty({ example: '10452' }) id: string;
  @ApiProperty({ enum: ['planned'] }) state: 'planned';
}

export class RedriveCountDto {
  @ApiProperty({ description: 'Failed touches put back to planned.' }) redriven: number;
}

export class SendgridBatchReportDto {
  @ApiProperty({ description: 'Events in the batch.' }) received: number;
  @ApiProperty({ description: 'Recorded for the first time.' }) processed: number;
  @ApiProperty({ description: 'Recorded before (SendGrid delivers at least once).' }) duplicates: number;
  @ApiProperty({ description: 'No touch of ours matched; suppressions they imply are still recorded.' }) unknown: number;
  @ApiProperty({ description: 'Event kinds not acted on, or events without an id.' }) ignored: number;
}

/** One SendGrid event as posted; fields beyond these are kept as SendGrid sends them. */
export class SendgridEventDto {
  @ApiProperty({
    example: 'delivered',
    description: 'delivered, bounce, dropped, spamreport, unsubscribe, group_unsubscribe, open, click, …',
  })
  event: string;

  @ApiProperty({ example: 'c3VtbWFyeQ', description: 'Deduplication key.' }) sg_event_id: string;
  @ApiProperty({ required: false, example: 'filter0001.1234.5B9F' }) sg_message_id?: string;
  @ApiProperty({ required: false, example: 'linh@example.com' }) email?: string;
  @ApiProperty({ required: false, description: 'Unix seconds.' }) timestamp?: number;
  @ApiProperty({ required: false, description: 'Custom argument set when sending (customArgs.touch_id), posted back as a top-level key.' })
  touch_id?: string;
}

/** The form fields Twilio posts that are read; Twilio sends more, which are ignored. */
export class TwilioFormDto {
  @ApiProperty({ required: false, example: 'SM0123456789abcdef0123456789abcdef' }) MessageSid?: string;
  @ApiProperty({ required: false, example: '+84901234567' }) From?: string;
  @ApiProperty({ required: false, example: '+15005550006' }) To?: string;
  @ApiProperty({ required: false, example: 'STOP', description: 'Inbound messages: the text.' }) Body?: string;
  @ApiProperty({ required: false, example: 'delivered', description: 'Status callbacks: sent, delivered, undelivered, failed.' })
  MessageStatus?: string;
  @ApiProperty({ required: false, example: '30003', description: 'Status callbacks: why a message failed.' }) ErrorCode?: string;
}
